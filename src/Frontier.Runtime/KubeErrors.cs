using System.Net;
using k8s;
using k8s.Autorest;

namespace Frontier.Runtime;

/// <summary>Reads the HTTP status out of the exceptions KubernetesClient throws.</summary>
internal static class KubeErrors
{
    /// <summary>The HTTP status of an API error, or <c>null</c> for transport and other errors.</summary>
    public static int? StatusCode(Exception exception) => exception switch
    {
        HttpOperationException http when http.Response is not null => (int)http.Response.StatusCode,
        KubernetesException kube => kube.Status?.Code,
        _ => null,
    };

    /// <summary>Whether the server answered with an error status (rather than the connection failing).</summary>
    public static bool IsApiError(Exception exception) => StatusCode(exception) is not null;

    public static bool IsNotFound(Exception exception) => StatusCode(exception) == (int)HttpStatusCode.NotFound;

    public static bool IsConflict(Exception exception) => StatusCode(exception) == (int)HttpStatusCode.Conflict;

    public static bool IsGone(Exception exception) => StatusCode(exception) == (int)HttpStatusCode.Gone;
}
