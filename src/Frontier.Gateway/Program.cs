using Frontier.Gateway;

// frontier-gateway --routes FILE.yaml | --kubeconfig PATH [--namespace NS] | --in-cluster [--urls http://0.0.0.0:8080]
const string Usage = "usage: frontier-gateway --routes FILE.yaml | --kubeconfig PATH [--namespace NS] | --in-cluster\n" +
    "                        [--urls URL] [--max-body-bytes N] [--queue-wait 2s]\n" +
    "                        [--consecutive-5xx 5] [--consecutive-connect-failures 3] [--base-ejection-time 30s]\n" +
    "                        [--max-ejection-time 300s] [--max-ejection-percent 50] [--server-load-interval 250ms]";
Microsoft.AspNetCore.Builder.WebApplication app;
try
{
    app = GatewayApp.Build(args);
}
catch (GatewayOptionsException e)
{
    await Console.Error.WriteLineAsync($"frontier-gateway: {e.Message}\n{Usage}");
    return 2;
}
var options = app.Services.GetRequiredService<GatewayOptions>();
if (string.IsNullOrWhiteSpace(options.RoutesFile) && string.IsNullOrWhiteSpace(options.Kubeconfig) && !options.InCluster)
{
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}
await app.RunAsync();
return 0;
