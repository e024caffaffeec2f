using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Frontier.Runtime.Tests;

/// <summary>Shared set-up for the tests against a real API server: the Widget CRD and throw-away namespaces.</summary>
public static class TestCluster
{
    private static readonly SemaphoreSlim CrdLock = new(1, 1);
    private static bool _crdReady;

    /// <summary>Every integration test is bounded by this.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Creates the runtime.frontier.dev/v1 Widget CRD (with a status subresource) once, and waits until it is served.</summary>
    public static async Task EnsureWidgetCrdAsync(IKubernetes client)
    {
        await CrdLock.WaitAsync();
        try
        {
            if (_crdReady)
            {
                return;
            }

            var crd = new V1CustomResourceDefinition
            {
                Metadata = new V1ObjectMeta { Name = $"{Widget.Plural}.{Widget.Group}" },
                Spec = new V1CustomResourceDefinitionSpec
                {
                    Group = Widget.Group,
                    Scope = "Namespaced",
                    Names = new V1CustomResourceDefinitionNames { Plural = Widget.Plural, Singular = "widget", Kind = "Widget", ListKind = "WidgetList" },
                    Versions =
                    [
                        new V1CustomResourceDefinitionVersion
                        {
                            Name = Widget.Version,
                            Served = true,
                            Storage = true,
                            Subresources = new V1CustomResourceSubresources { Status = new object() },
                            Schema = new V1CustomResourceValidation
                            {
                                OpenAPIV3Schema = new V1JSONSchemaProps
                                {
                                    Type = "object",
                                    Properties = new Dictionary<string, V1JSONSchemaProps>
                                    {
                                        ["spec"] = new()
                                        {
                                            Type = "object",
                                            Properties = new Dictionary<string, V1JSONSchemaProps>
                                            {
                                                ["size"] = new() { Type = "integer" },
                                                ["color"] = new() { Type = "string" },
                                            },
                                        },
                                        ["status"] = new() { Type = "object", XKubernetesPreserveUnknownFields = true },
                                    },
                                },
                            },
                        },
                    ],
                },
            };

            try
            {
                await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
            }

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                var current = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name);
                if (current.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
                {
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("The Widget CRD was not established in 30 s.");
                }

                await Task.Delay(100);
            }

            // Established can precede the API being served by a moment: wait until a list succeeds.
            while (true)
            {
                try
                {
                    await client.CustomObjects.ListClusterCustomObjectAsync(Widget.Group, Widget.Version, Widget.Plural);
                    break;
                }
                catch (HttpOperationException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }

            _crdReady = true;
        }
        finally
        {
            CrdLock.Release();
        }
    }

    /// <summary>Creates a uniquely named namespace.</summary>
    public static async Task<string> CreateNamespaceAsync(IKubernetes client, string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public static Task<object> CreateWidgetAsync(IKubernetes client, string ns, string name, int size = 1) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new Widget { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns }, Spec = new WidgetSpec { Size = size } },
            Widget.Group, Widget.Version, ns, Widget.Plural);

    public static Task<object> PatchWidgetSpecAsync(IKubernetes client, string ns, string name, int size) =>
        client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"spec\":{\"size\":" + size + "}}", V1Patch.PatchType.MergePatch), Widget.Group, Widget.Version, ns, Widget.Plural, name);

    public static Task<object> DeleteWidgetAsync(IKubernetes client, string ns, string name) =>
        client.CustomObjects.DeleteNamespacedCustomObjectAsync(Widget.Group, Widget.Version, ns, Widget.Plural, name);
}
