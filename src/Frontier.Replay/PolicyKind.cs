namespace Frontier.Replay;

/// <summary>How capacity and traffic are decided during a replay.</summary>
public enum PolicyKind
{
    /// <summary>The route as written: the operator's planner on the demand it measures.</summary>
    Frontier,

    /// <summary>Only the highest-quality candidate, autoscaled by the same loop; the budget is ignored (breaches reported).</summary>
    AlwaysBest,

    /// <summary>Only the candidate with the lowest cost per request, autoscaled by the same loop.</summary>
    Cheapest,

    /// <summary>A fixed share of traffic to the best candidate and the rest to the cheapest (RouteLLM-style), each autoscaled.</summary>
    StaticSplit,

    /// <summary>The route's plan for the trace's peak demand, fixed for the whole trace.</summary>
    PeakStatic,

    /// <summary>The planner on each interval's true demand, known in advance, with no startup delay: the upper bound.</summary>
    Oracle,
}
