namespace Frontier.Gateway;

/// <summary>A request accepted at the edge: its route, its body and what was read from it.</summary>
/// <param name="Route">The route "model" named.</param>
/// <param name="Body">The body as the client sent it.</param>
/// <param name="Facts">What <see cref="RequestBody.Inspect"/> read from it.</param>
/// <param name="StripUsage">Whether the gateway asks the backend for the streamed usage chunk and removes it on the way back.</param>
/// <param name="Started">Timestamp (of the injected clock) when the request arrived.</param>
public sealed record ProxiedRequest(RouteEntry Route, byte[] Body, RequestFacts Facts, bool StripUsage, long Started);
