using Frontier.NodeAgent;
using Frontier.NodeAgent.Kubelet;
using Frontier.Runtime;
using k8s;
using Microsoft.Extensions.Logging;

NodeAgentOptions options;
ImageMap images;
KubernetesClientConfiguration config;
try
{
    options = NodeAgentOptions.Parse(args);
    config = KubeClientConfigurations.Load(options.Kubeconfig, "--kubeconfig", defaultFileOutsideCluster: true);
    images = ImageMap.Load(options.ImagesFile, options.RepoRoot, options.ImageRoot);
}
catch (Exception e) when (e is ArgumentException or KubeClientConfigurationException or InvalidDataException)
{
    Console.Error.WriteLine($"frontier-node-agent: {e.Message}");
    if (e is ArgumentException) Console.Error.WriteLine(NodeAgentOptions.Usage);
    return 2;
}

using var logs = LoggerFactory.Create(b => b
    .AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.TimestampFormat = "HH:mm:ss.fff ";
    })
    .SetMinimumLevel(LogLevel.Information)
    .AddFilter("System.Net.Http", LogLevel.Warning));
using var stop = new CancellationTokenSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    stop.Cancel();
});
using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c =>
{
    c.Cancel = true;
    stop.Cancel();
});
using var client = new Kubernetes(config);
await new NodeAgent(options, client, config, images, logs).RunAsync(stop.Token).ConfigureAwait(false);
return 0;
