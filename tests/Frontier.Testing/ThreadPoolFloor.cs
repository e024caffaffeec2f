namespace Frontier.Testing;

/// <summary>
/// Raises the thread pool's minimum of worker threads for a while. KubernetesClient reads a response body synchronously
/// (JsonSerializer.Deserialize(Stream) in Kubernetes.CreateResultAsync, on an unbuffered HTTP/2 stream), parking a pool
/// thread for as long as a busy API server takes; with the pool at its minimum of one thread per core, whatever else the
/// test process runs (a gateway, a load generator's schedule) then stalls until the pool grows.
/// </summary>
public sealed class ThreadPoolFloor : IDisposable
{
    private readonly int _workers;
    private readonly int _io;

    private ThreadPoolFloor(int workers, int io)
    {
        _workers = workers;
        _io = io;
    }

    /// <summary>At least <paramref name="workers"/> worker threads until the result is disposed, which restores the old minimum.</summary>
    public static ThreadPoolFloor Raise(int workers)
    {
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorkers, workers), minIo);
        return new ThreadPoolFloor(minWorkers, minIo);
    }

    public void Dispose() => ThreadPool.SetMinThreads(_workers, _io);
}
