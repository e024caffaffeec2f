using System.Globalization;
using Frontier.Api.Routes;

namespace Frontier.EndToEnd.Tests;

/// <summary>One reading of the route's status by <see cref="DemandTrace"/>.</summary>
internal sealed record DemandReading(double At, double? Demand, string? Source, string? Plan);

/// <summary>Reads the route's status.demand and plan every half second in the background, for the test's report and diagnostics.</summary>
internal sealed class DemandTrace : IAsyncDisposable
{
    private readonly List<DemandReading> _readings = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DemandTrace(Func<Task<ModelRoute>> read, Func<double> clock)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var route = await read();
                    var plan = route.Status?.Plan is { } p
                        ? string.Join(" ", p.Candidates.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name}={c.Replicas}/{c.Weight:0.###}")))
                        : null;
                    lock (_gate) _readings.Add(new DemandReading(clock(), route.Status?.Demand?.RequestsPerSecond, route.Status?.Demand?.Source, plan));
                }
                catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or TaskCanceledException)
                {
                    // A missed reading is only a gap in the trace.
                }
                try { await Task.Delay(500, _stop.Token); }
                catch (OperationCanceledException) { return; }
            }
        });
    }

    public IReadOnlyList<DemandReading> Between(double from, double to)
    {
        lock (_gate) return [.. _readings.Where(r => r.At >= from && r.At <= to)];
    }

    /// <summary>"min–max req/s over N readings" of the gateway-sourced demand between two times.</summary>
    public string Range(double from, double to)
    {
        var values = Between(from, to).Where(r => r.Demand is not null).Select(r => r.Demand!.Value).ToList();
        return values.Count == 0
            ? "no readings"
            : string.Create(CultureInfo.InvariantCulture, $"{values.Min():0.##}–{values.Max():0.##} req/s over {values.Count} readings");
    }

    /// <summary>The readings where demand or plan changed, one line each.</summary>
    public string Changes()
    {
        List<DemandReading> all;
        lock (_gate) all = [.. _readings];
        var lines = new List<string>();
        DemandReading? last = null;
        foreach (var r in all)
        {
            if (last is null || r.Demand != last.Demand || r.Plan != last.Plan)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {r.At,6:0.0}s demand {r.Demand:0.###} ({r.Source}) plan {r.Plan}"));
            last = r;
        }
        return string.Join('\n', lines.TakeLast(150));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
