using Frontier.Gateway.ServerLoad;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Frontier.Gateway.Tests.ServerLoad;

/// <summary>--server-load-interval and what the gateway registers for it.</summary>
public sealed class ServerLoadSettingsTests
{
    private static GatewayOptions Options(string? interval)
    {
        var settings = new Dictionary<string, string?>();
        if (interval is not null) settings["Gateway:ServerLoadInterval"] = interval;
        return GatewayOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Gateway"));
    }

    [Theory]
    [InlineData(null, 250)]
    [InlineData("100ms", 100)]
    [InlineData("2s", 2000)]
    [InlineData("00:00:00.5", 500)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("00:00:00", 0)]
    public void The_interval_is_a_duration_or_0_for_off(string? text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Options(text).ServerLoadInterval);

    [Theory]
    [InlineData("soon")]
    [InlineData("-1s")]
    public void Anything_else_names_the_flag(string text)
    {
        var e = Assert.Throws<GatewayOptionsException>(() => Options(text));
        Assert.StartsWith($"--server-load-interval: '{text}' is not a positive duration", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_runs_the_scraper_unless_the_interval_is_0()
    {
        await using var on = GatewayApp.Build(["--routes", "unused.yaml", "--server-load-interval", "100ms"]);
        var scraper = on.Services.GetRequiredService<ServerLoadScraper>();
        Assert.Same(scraper, on.Services.GetRequiredService<IServerLoad>());
        Assert.Contains(scraper, on.Services.GetServices<IHostedService>());
        Assert.Equal(TimeSpan.FromMilliseconds(100), scraper.Interval);

        await using var off = GatewayApp.Build(["--routes", "unused.yaml", "--server-load-interval", "0"]);
        Assert.Same(NoServerLoad.Instance, off.Services.GetRequiredService<IServerLoad>());
        Assert.Equal(TimeSpan.Zero, off.Services.GetRequiredService<ServerLoadScraper>().Interval); // Track() still works; nothing runs
    }
}
