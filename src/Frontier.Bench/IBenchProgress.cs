namespace Frontier.Bench;

/// <summary>Where a sweep reports what it is doing (a progress bar on a terminal, plain lines elsewhere).</summary>
public interface IBenchProgress
{
    /// <summary>A level starts.</summary>
    void LevelStarted(LevelPlan plan);

    /// <summary>One more request of the running level was measured. Called from many threads.</summary>
    void RequestMeasured();

    /// <summary>A level ended (complete or not).</summary>
    void LevelFinished(LevelResult result);
}
