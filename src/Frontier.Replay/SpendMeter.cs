namespace Frontier.Replay;

/// <summary>
/// Integrates what the held replicas cost and how many GPUs they hold over virtual time, and counts the whole minutes
/// whose spend, as an hourly rate, was over the budget. Keeps only the minute in progress.
/// </summary>
internal sealed class SpendMeter(double? budgetPerHour)
{
    private double _ratePerHour;
    private double _gpus;
    private double _last;
    private double _minuteSpend;
    private long _minute;

    /// <summary>USD spent so far.</summary>
    public double CostUsd { get; private set; }

    /// <summary>GPU-seconds held so far.</summary>
    public double GpuSeconds { get; private set; }

    /// <summary>Whole minutes whose spend rate exceeded the budget.</summary>
    public int MinutesOverBudget { get; private set; }

    /// <summary>USD per hour of the replicas held now.</summary>
    public double RatePerHour => _ratePerHour;

    /// <summary>At <paramref name="now"/>, the held replicas change by <paramref name="deltaPerHour"/> USD/h and <paramref name="deltaGpus"/> GPUs.</summary>
    public void Change(double now, double deltaPerHour, double deltaGpus)
    {
        AdvanceTo(now);
        _ratePerHour = Math.Max(0, _ratePerHour + deltaPerHour);
        _gpus = Math.Max(0, _gpus + deltaGpus);
    }

    /// <summary>Accrues up to <paramref name="now"/>, closing every minute passed.</summary>
    public void AdvanceTo(double now)
    {
        while (now > _last)
        {
            var minuteEnd = (_minute + 1) * 60.0;
            var until = Math.Min(now, minuteEnd);
            var spend = _ratePerHour * (until - _last) / 3600;
            CostUsd += spend;
            GpuSeconds += _gpus * (until - _last);
            _minuteSpend += spend;
            _last = until;
            if (until >= minuteEnd) CloseMinute();
        }
    }

    /// <summary>Closes the minute in progress at the end of the replay (a partial minute counts by its rate).</summary>
    public void Finish(double now)
    {
        AdvanceTo(now);
        var seconds = _last - _minute * 60.0;
        if (seconds > 0 && budgetPerHour is { } b && _minuteSpend * 3600 / seconds > b * (1 + 1e-9)) MinutesOverBudget++;
    }

    private void CloseMinute()
    {
        if (budgetPerHour is { } b && _minuteSpend * 60 > b * (1 + 1e-9)) MinutesOverBudget++;
        _minuteSpend = 0;
        _minute++;
    }
}
