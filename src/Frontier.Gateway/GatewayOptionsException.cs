namespace Frontier.Gateway;

/// <summary>A gateway setting that cannot be used; the message names the flag and what is wrong.</summary>
public sealed class GatewayOptionsException(string message) : Exception(message);
