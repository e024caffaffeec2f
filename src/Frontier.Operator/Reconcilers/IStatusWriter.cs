using Frontier.Runtime;

namespace Frontier.Operator.Reconcilers;

/// <summary>Writes an object's status subresource; false when the object no longer exists.</summary>
internal interface IStatusWriter<in TStatus>
{
    Task<bool> WriteAsync(ObjectKey key, TStatus status, CancellationToken ct);
}
