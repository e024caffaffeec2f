namespace Frontier.Gateway;

/// <summary>What <see cref="CandidatePicker"/> knows about one candidate at pick time.</summary>
/// <param name="Weight">Its share of the draw (the plan's weight, scaled by its ready share).</param>
/// <param name="Allowed">False when it must not be used for this request (e.g. its only endpoint just failed it).</param>
/// <param name="HasRoom">Some endpoint of it is below its cap.</param>
/// <param name="HasHealthyRoom">Some endpoint of it that outlier detection has not ejected is below its cap.</param>
public readonly record struct CandidateRoom(double Weight, bool Allowed, bool HasRoom, bool HasHealthyRoom);
