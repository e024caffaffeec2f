using Frontier.Bench;
using Spectre.Console;

namespace Frontier.Cli.Commands;

/// <summary>A progress bar per level on a terminal (Spectre.Console); each finished level also leaves its summary line.</summary>
internal sealed class BenchSpectreProgress(ProgressContext context) : IBenchProgress
{
    private ProgressTask? _task;

    public void LevelStarted(LevelPlan plan)
    {
        _task = context.AddTask($"concurrency {plan.Concurrency}", maxValue: plan.MeasuredRequests ?? 1);
        if (plan.MeasuredRequests is null) _task.IsIndeterminate = true;
    }

    public void RequestMeasured() => _task?.Increment(1);

    public void LevelFinished(LevelResult result)
    {
        if (_task is null) return;
        _task.Description = Markup.Escape(BenchText.LevelLine(result));
        _task.IsIndeterminate = false;
        _task.Value = _task.MaxValue;
        _task.StopTask();
    }
}
