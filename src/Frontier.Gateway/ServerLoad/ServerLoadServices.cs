using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Frontier.Gateway.ServerLoad;

/// <summary>Registers the server-load signal with the gateway's services.</summary>
public static class ServerLoadServices
{
    /// <summary>
    /// A singleton <see cref="ServerLoadScraper"/> (running as a hosted service; the endpoint code calls its
    /// <see cref="ServerLoadScraper.Track"/>) and <see cref="IServerLoad"/>: the scraper, or <see cref="NoServerLoad"/>
    /// when <paramref name="interval"/> is zero.
    /// </summary>
    public static IServiceCollection AddServerLoad(this IServiceCollection services, TimeSpan interval, Func<IServiceProvider, Func<string, int>> ownInFlight)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(ownInFlight);
        services.AddSingleton(sp => new ServerLoadScraper(interval, ownInFlight(sp), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ServerLoadScraper>>()));
        services.AddSingleton<IServerLoad>(sp => interval == TimeSpan.Zero ? NoServerLoad.Instance : sp.GetRequiredService<ServerLoadScraper>());
        services.AddHostedService(sp => sp.GetRequiredService<ServerLoadScraper>());
        return services;
    }
}
