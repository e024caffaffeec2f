namespace Frontier.Bench;

/// <summary>One request of the workload, its JSON body ready to send (model, stream and usage options included).</summary>
/// <param name="Path">Endpoint below the base URL: <c>chat/completions</c> or <c>completions</c>.</param>
/// <param name="Body">UTF-8 JSON body.</param>
public sealed record WorkloadItem(string Path, byte[] Body);
