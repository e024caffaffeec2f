namespace Frontier.Economics.Allocation;

/// <summary>What a route optimises.</summary>
public enum Objective
{
    /// <summary>Highest expected (traffic-weighted) quality within the budget; ties go to the cheaper plan.</summary>
    MaxQuality,

    /// <summary>Lowest hourly cost whose expected quality meets the floor; ties go to the better plan.</summary>
    MinCost,
}
