namespace Frontier.Gateway;

/// <summary>What <see cref="CandidatePicker.PickEndpoint"/> knows about one endpoint of the chosen candidate.</summary>
/// <param name="Load">Requests on it: this gateway's in flight plus what the server reports beyond them.</param>
/// <param name="Eligible">Below its cap, not excluded, and (unless every one is) not ejected.</param>
public readonly record struct EndpointRoom(int Load, bool Eligible);
