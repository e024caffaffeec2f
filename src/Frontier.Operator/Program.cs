using Frontier.Api.Schema;
using Frontier.Operator;
using Frontier.Operator.Hosting;
using k8s;
using Microsoft.Extensions.Options;
using Prometheus;

// frontier-operator: settings come from appsettings, environment (Frontier__PrometheusUrl) or the
// command line (--Frontier:PrometheusUrl=http://...). Health and metrics are served on every replica.
var builder = WebApplication.CreateBuilder(args);
var settings = builder.Configuration.GetSection("Frontier");
try
{
    Durations.NormalizeSettings(settings, OperatorOptions.DurationKeys);
}
catch (FormatException e)
{
    await Console.Error.WriteLineAsync($"frontier-operator: {e.Message}");
    return 2;
}
builder.Services.Configure<OperatorOptions>(settings);
builder.Services.AddSingleton<IKubernetes>(sp =>
{
    var o = sp.GetRequiredService<IOptions<OperatorOptions>>().Value;
    var config = !string.IsNullOrWhiteSpace(o.Kubeconfig)
        ? KubernetesClientConfiguration.BuildConfigFromConfigFile(o.Kubeconfig)
        : KubernetesClientConfiguration.IsInCluster()
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile();
    return new Kubernetes(config);
});
builder.Services.AddHttpClient("prometheus");
builder.Services.AddSingleton<OperatorState>();
builder.Services.AddHostedService<OperatorWorker>();

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
app.MapGet("/readyz", (OperatorState state) => Results.Text(state.IsLeader ? $"ok: leader {state.Identity}" : $"ok: standby {state.Identity}"));
app.MapMetrics();
await app.RunAsync();
return 0;
