namespace Frontier.Testing;

/// <summary>
/// Stops the parts of a test world one after another, each even when an earlier one failed to stop, and then reports
/// the failures together: a world's DisposeAsync runs every <see cref="StepAsync"/>, then <see cref="ThrowIfFailed"/>.
/// </summary>
public sealed class Teardown
{
    private readonly List<Exception> _errors = [];

    /// <summary>Runs <paramref name="step"/>; a failure is kept for <see cref="ThrowIfFailed"/>.</summary>
    public async Task StepAsync(Func<Task> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            await step();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _errors.Add(e);
        }
    }

    /// <summary>Throws an <see cref="AggregateException"/> naming <paramref name="what"/> when a step failed, leaving out the
    /// failures <paramref name="ignored"/> says are expected (e.g. best-effort deletes the API server refused).</summary>
    public void ThrowIfFailed(string what, Func<Exception, bool>? ignored = null)
    {
        var errors = _errors.Where(e => ignored?.Invoke(e) != true).ToList();
        if (errors.Count > 0) throw new AggregateException($"stopping {what} failed", errors);
    }
}
