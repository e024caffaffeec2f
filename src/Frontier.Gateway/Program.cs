using Frontier.Gateway;

// frontier-gateway --routes FILE.yaml | --kubeconfig PATH [--namespace NS] | --in-cluster [--urls http://0.0.0.0:8080]
var app = GatewayApp.Build(args);
var options = app.Services.GetRequiredService<GatewayOptions>();
if (string.IsNullOrWhiteSpace(options.RoutesFile) && string.IsNullOrWhiteSpace(options.Kubeconfig) && !options.InCluster)
{
    await Console.Error.WriteLineAsync("usage: frontier-gateway --routes FILE.yaml | --kubeconfig PATH [--namespace NS] | --in-cluster [--urls URL]");
    return 2;
}
await app.RunAsync();
return 0;
