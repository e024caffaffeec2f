using Frontier.Api.Manifests;
using Frontier.Simulator;

SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"frontier-simulator: {e.Message}");
    Console.Error.WriteLine(SimulatorOptions.Usage);
    return 2;
}

WebApplication app;
try
{
    app = SimulatorApp.Build(options);
}
catch (ManifestException e)
{
    Console.Error.WriteLine($"frontier-simulator: {e.Message}");
    return 2;
}

await app.StartAsync().ConfigureAwait(false);
foreach (var url in app.Urls) Console.WriteLine($"frontier-simulator: serving on {url}");
await app.WaitForShutdownAsync().ConfigureAwait(false);
return 0;
