namespace Frontier.Gateway.Tests;

/// <summary>Samples each fake Pod's simulator (running + waiting, from its /metrics) every few milliseconds and keeps
/// the highest value seen per Pod, until disposed.</summary>
internal sealed class ConcurrencySampler : IAsyncDisposable
{
    private readonly FakePodSet _pods;
    private readonly int[] _max;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ConcurrencySampler(FakePodSet pods)
    {
        _pods = pods;
        _max = new int[pods.Count];
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The highest running + waiting seen on Pod i so far.</summary>
    public int Max(int i) => Volatile.Read(ref _max[i]);

    /// <summary>Samples taken (per Pod).</summary>
    public int Samples { get; private set; }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var values = await Task.WhenAll(Enumerable.Range(0, _pods.Count).Select(_pods.ConcurrencyAsync));
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] > _max[i]) Volatile.Write(ref _max[i], values[i]);
            }
            Samples++;
            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
