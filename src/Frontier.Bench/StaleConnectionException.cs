namespace Frontier.Bench;

/// <summary>The connection was closed by the server before this request's answer began (a stale keep-alive).</summary>
internal sealed class StaleConnectionException() : IOException("the server closed the kept-alive connection");
