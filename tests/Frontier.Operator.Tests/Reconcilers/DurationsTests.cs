using Frontier.Api.Schema;
using Frontier.Operator.Reconcilers;

namespace Frontier.Operator.Tests.Reconcilers;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    public void Parses_the_units_the_schema_allows(string text, double milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("30")]
    [InlineData("1d")]
    [InlineData("-5s")]
    [InlineData("1.5m")]
    public void Rejects_anything_else(string? text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }
}
