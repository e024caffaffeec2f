using Frontier.Api.Schema;
using Frontier.Operator;
using Frontier.Operator.Hosting;
using Frontier.Runtime;
using k8s;
using Prometheus;

// frontier-operator: settings come from appsettings, environment (Frontier__PrometheusUrl) or the
// command line (--Frontier:PrometheusUrl=http://...). Health and metrics are served on every replica.
var builder = WebApplication.CreateBuilder(args);
var settings = builder.Configuration.GetSection("Frontier");
KubernetesClientConfiguration kube;
try
{
    Durations.NormalizeSettings(settings, OperatorOptions.DurationKeys);
    kube = KubeClientConfigurations.Load(settings[nameof(OperatorOptions.Kubeconfig)], "--Frontier:Kubeconfig", defaultFileOutsideCluster: true);
}
catch (Exception e) when (e is FormatException or KubeClientConfigurationException)
{
    // Settings it cannot use: one line naming the setting, exit code 2, no stack trace.
    await Console.Error.WriteLineAsync($"frontier-operator: {e.Message}");
    return 2;
}
builder.Services.Configure<OperatorOptions>(settings);
builder.Services.AddSingleton<IKubernetes>(_ => new Kubernetes(kube));
// The reader reports a failed query itself (one warning per route and pass, with the reason); HttpClient's own
// request logging would add its lines and the exception's stack trace to every failed query.
builder.Services.AddHttpClient("prometheus").RemoveAllLoggers();
builder.Services.AddSingleton<OperatorState>();
builder.Services.AddHostedService<OperatorWorker>();

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
app.MapGet("/readyz", (OperatorState state) => Results.Text(state.IsLeader ? $"ok: leader {state.Identity}" : $"ok: standby {state.Identity}"));
app.MapMetrics();
await app.RunAsync();
return 0;
