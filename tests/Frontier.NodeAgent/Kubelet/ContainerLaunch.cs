using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>
/// Turns a container of a pod into a process to start, as a kubelet would: the image's entrypoint and cmd with the
/// container's command and args on top, the container's environment (values and fieldRefs, with <c>$(VAR)</c>
/// references expanded), and the pod's mounts. Differences from a kubelet, all of them forced by running on the
/// host's network and filesystem:
/// <list type="bullet">
/// <item>A listen URL on every address (<c>://0.0.0.0:</c>, <c>://[::]:</c>, <c>://*:</c>, <c>://+:</c>) in args or env
/// values is bound to the pod's IP, so pods can share a port number.</item>
/// <item>Mounts (the service-account files, emptyDir volumes) are bind mounts in a private mount namespace of the
/// process (<c>unshare --mount</c>, root only), made by a shell that then runs <c>env -i VARS… COMMAND</c>; a mount
/// path must already exist on the host.</item>
/// <item>An image that runs from its extracted layers (<see cref="ImageBundle"/>) gets the image's Env, user and
/// working directory, and runs chrooted in its root filesystem, with /proc, /dev, a tmpfs /tmp and the pod's mounts
/// bound into it; still on the host's network, in the host's PID namespace, without cgroups.</item>
/// </list>
/// </summary>
internal static partial class ContainerLaunch
{
    private static readonly string[] WildcardHosts = ["0.0.0.0", "[::]", "*", "+"];

    [GeneratedRegex(@"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex VariableReference();

    /// <summary>The process for <paramref name="container"/>, or false with the message of a CreateContainerConfigError.</summary>
    /// <param name="pod">The pod.</param>
    /// <param name="container">One of its containers.</param>
    /// <param name="image">What the container's image runs.</param>
    /// <param name="sandbox">The pod's IP, directories and service-account files.</param>
    /// <param name="canMount">Whether this process may create mount namespaces (it runs as root).</param>
    /// <param name="plan">The process to start.</param>
    /// <param name="error">What makes the container impossible to start here.</param>
    public static bool TryPlan(V1Pod pod, V1Container container, ResolvedImage image, PodSandbox sandbox, bool canMount,
        out LaunchPlan plan, out string error)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(image);
        plan = null!;
        if (!TryImageUser(pod, container, image.Bundle, canMount, out var identity, out error)) return false;
        var baseEnvironment = image.Bundle is { } bundle ? ImageEnvironment(bundle, identity!, sandbox.PodIp) : HostEnvironment(sandbox);
        if (!TryEnvironment(pod, container, sandbox, baseEnvironment, out var environment, out error)) return false;
        if (!TryMounts(pod, container, sandbox, out var mounts, out error)) return false;
        var command = CommandLine(container, image, environment, sandbox.PodIp);
        if (command.Count == 0)
        {
            error = "no command: the image has no entrypoint and the container gives no command or args";
            return false;
        }
        if (command[0].Contains('=', StringComparison.Ordinal))
        {
            error = $"command {command[0]}: a program name with '=' cannot be started by the node agent";
            return false;
        }
        return image.Bundle is { } layers
            ? TryPlanInBundle(container, layers, identity!, sandbox, environment, mounts, command, out plan, out error)
            : TryPlanOnHost(container, image, sandbox, canMount, environment, mounts, command, out plan, out error);
    }

    // Who the image's layers run as (null for a program of the build map, which runs as the agent does).
    private static bool TryImageUser(V1Pod pod, V1Container container, ImageBundle? bundle, bool canMount, out BundleIdentity? identity, out string error)
    {
        identity = null;
        error = string.Empty;
        if (bundle is null) return true;
        if (!canMount)
        {
            error = "running an image's layers needs root (chroot and a private mount namespace); run the node agent as root";
            return false;
        }
        var security = container.SecurityContext;
        var podSecurity = pod.Spec.SecurityContext;
        if (!bundle.TryResolveUser(security?.RunAsUser ?? podSecurity?.RunAsUser, security?.RunAsGroup ?? podSecurity?.RunAsGroup, out var resolved, out error)) return false;
        identity = resolved;
        return true;
    }

    // The program of the build map on the host's filesystem; a mount namespace only when the pod has mounts.
    private static bool TryPlanOnHost(V1Container container, ResolvedImage image, PodSandbox sandbox, bool canMount,
        Dictionary<string, string> environment, List<Mount> mounts, List<string> command, out LaunchPlan plan, out string error)
    {
        plan = null!;
        var workingDirectory = container.WorkingDir ?? image.WorkingDirectory ?? sandbox.Directory;
        if (!Directory.Exists(workingDirectory))
        {
            error = $"workingDir {workingDirectory} does not exist on this host (the node agent runs programs on the host's filesystem)";
            return false;
        }
        var missing = mounts.FirstOrDefault(m => !Directory.Exists(m.Target));
        if (missing is not null)
        {
            error = $"mount path {missing.Target} does not exist on this host; the node agent bind-mounts over existing directories only";
            return false;
        }
        if (mounts.Count > 0 && !canMount)
        {
            error = $"the pod needs mounts ({string.Join(", ", mounts.Select(m => m.Target))}) in a private mount namespace, which needs root; " +
                "run the node agent as root, or set automountServiceAccountToken: false and use no volumes";
            return false;
        }
        plan = mounts.Count == 0
            ? new LaunchPlan(command[0], command.Skip(1).ToList(), environment, workingDirectory, command)
            : new LaunchPlan("unshare", ["--mount", "--propagation", "private", "--", "sh", "-c", MountScript(mounts), "sh", .. EnvironmentThroughArguments(environment), .. command],
                environment, workingDirectory, command);
        error = string.Empty;
        return true;
    }

    // The image's layers: in a private mount namespace, /proc, /dev, a tmpfs /tmp and the pod's mounts go into the
    // root filesystem (targets resolved inside it, made when missing), then `unshare --root` chroots, changes to the
    // working directory, takes the image's user and execs the command, resolved on the image's PATH.
    private static bool TryPlanInBundle(V1Container container, ImageBundle bundle, BundleIdentity identity, PodSandbox sandbox,
        Dictionary<string, string> environment, List<Mount> mounts, List<string> command, out LaunchPlan plan, out string error)
    {
        var workingDir = container.WorkingDir ?? bundle.WorkingDir;
        List<Mount> inRoot =
        [
            new("/proc", bundle.HostPath("/proc"), ReadOnly: false, MountType.RecursiveBind),
            new("/dev", bundle.HostPath("/dev"), ReadOnly: false, MountType.RecursiveBind),
            new("tmpfs", bundle.HostPath("/tmp"), ReadOnly: false, MountType.Tmpfs),
            .. mounts.Select(m => m with { Target = bundle.HostPath(m.Target) }),
        ];
        try
        {
            foreach (var target in inRoot.Select(m => m.Target).Append(bundle.HostPath(workingDir))) Directory.CreateDirectory(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            plan = null!;
            error = $"cannot make a mount point or the working directory in the image's root filesystem {bundle.RootFs}: {e.Message}";
            return false;
        }
        string[] chroot =
        [
            "unshare", "--root=" + bundle.RootFs, "--wd=" + workingDir,
            "--setuid", identity.Uid.ToString(CultureInfo.InvariantCulture), "--setgid", identity.Gid.ToString(CultureInfo.InvariantCulture), "--",
        ];
        plan = new LaunchPlan("unshare",
            ["--mount", "--propagation", "private", "--", "sh", "-c", MountScript(inRoot), "sh", .. EnvironmentThroughArguments(environment), .. chroot, .. command],
            environment, sandbox.Directory, command);
        error = string.Empty;
        return true;
    }

    /// <summary>Binds a listen URL on every address (<c>http://0.0.0.0:8080</c>) to <paramref name="podIp"/>.</summary>
    public static string BindToPodIp(string text, string podIp)
    {
        foreach (var host in WildcardHosts)
            text = text.Replace("://" + host + ":", "://" + podIp + ":", StringComparison.Ordinal);
        return text;
    }

    /// <summary>Kubernetes' <c>$(VAR)</c> expansion: a defined variable is replaced, <c>$$</c> is a literal <c>$</c>, anything else stays.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> variables) =>
        VariableReference().Replace(text, m => m.Value == "$$" ? "$" : variables.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    // Kubernetes: command replaces the entrypoint; args replace cmd; a command without args drops cmd.
    private static List<string> CommandLine(V1Container container, ResolvedImage image, IReadOnlyDictionary<string, string> environment, string podIp)
    {
        var hasCommand = container.Command is { Count: > 0 };
        IEnumerable<string> entrypoint = hasCommand ? container.Command! : image.Entrypoint;
        IEnumerable<string> args = container.Args is { Count: > 0 } ? container.Args : hasCommand ? [] : image.Cmd;
        return entrypoint.Concat(args).Select(a => BindToPodIp(Expand(a, environment), podIp)).ToList();
    }

    // The environment of a program of the build map: the host's PATH, HOME in the pod's directory, the host's DOTNET_ROOT.
    private static Dictionary<string, string> HostEnvironment(PodSandbox sandbox)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = sandbox.Home,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        if (System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot) environment["DOTNET_ROOT"] = dotnetRoot;
        return environment;
    }

    // The environment of an image's layers: the image's Env (listen URLs bound to the pod's IP), HOME from the image's
    // passwd when the image sets none, as a container runtime does; nothing of the host's.
    private static Dictionary<string, string> ImageEnvironment(ImageBundle bundle, BundleIdentity identity, string podIp)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in bundle.Env)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0) environment[entry[..equals]] = BindToPodIp(entry[(equals + 1)..], podIp);
        }
        environment.TryAdd("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        environment.TryAdd("HOME", identity.Home);
        return environment;
    }

    // The kubelet's variables and the container's env over the image's (or the host program's) environment.
    private static bool TryEnvironment(V1Pod pod, V1Container container, PodSandbox sandbox, Dictionary<string, string> baseEnvironment,
        out Dictionary<string, string> environment, out string error)
    {
        environment = baseEnvironment;
        environment["HOSTNAME"] = pod.Metadata.Name;
        environment["KUBERNETES_SERVICE_HOST"] = sandbox.ApiServerHost;
        environment["KUBERNETES_SERVICE_PORT"] = sandbox.ApiServerPort.ToString(CultureInfo.InvariantCulture);
        if (container.EnvFrom is { Count: > 0 })
        {
            error = "envFrom is not emulated by the node agent; list the variables under env";
            return false;
        }
        foreach (var variable in container.Env ?? [])
        {
            string? value;
            if (variable.ValueFrom is null) value = Expand(variable.Value ?? string.Empty, environment);
            else if (variable.ValueFrom.FieldRef is { } fieldRef) value = FieldValue(pod, sandbox, fieldRef.FieldPath);
            else
            {
                error = $"env {variable.Name}: only value and valueFrom.fieldRef are emulated by the node agent (no secretKeyRef, configMapKeyRef or resourceFieldRef)";
                return false;
            }
            if (value is null)
            {
                error = $"env {variable.Name}: fieldRef {variable.ValueFrom!.FieldRef.FieldPath} is not supported";
                return false;
            }
            environment[variable.Name] = BindToPodIp(value, sandbox.PodIp);
        }
        error = string.Empty;
        return true;
    }

    // The downward API's fieldRef paths, as the kubelet resolves them.
    private static string? FieldValue(V1Pod pod, PodSandbox sandbox, string path)
    {
        var meta = pod.Metadata;
        var match = Regex.Match(path, @"^metadata\.(labels|annotations)\['(.+)'\]$");
        if (match.Success)
        {
            var map = match.Groups[1].Value == "labels" ? meta.Labels : meta.Annotations;
            return map?.TryGetValue(match.Groups[2].Value, out var v) == true ? v : string.Empty;
        }
        return path switch
        {
            "metadata.name" => meta.Name,
            "metadata.namespace" => meta.NamespaceProperty,
            "metadata.uid" => meta.Uid,
            "spec.nodeName" => sandbox.NodeName,
            "spec.serviceAccountName" => pod.Spec.ServiceAccountName ?? "default",
            "status.hostIP" => sandbox.HostIp,
            "status.podIP" or "status.podIPs" => sandbox.PodIp,
            _ => null,
        };
    }

    private static bool TryMounts(V1Pod pod, V1Container container, PodSandbox sandbox, out List<Mount> mounts, out string error)
    {
        mounts = [];
        if (sandbox.ServiceAccountDirectory is { } tokens) mounts.Add(new Mount(tokens, PodSandbox.ServiceAccountMountPath, ReadOnly: true));
        foreach (var volumeMount in container.VolumeMounts ?? [])
        {
            var volume = pod.Spec.Volumes?.FirstOrDefault(v => v.Name == volumeMount.Name);
            if (volume?.EmptyDir is null)
            {
                error = $"volumeMount {volumeMount.Name}: only emptyDir volumes are emulated by the node agent";
                return false;
            }
            if (!string.IsNullOrEmpty(volumeMount.SubPath) || !string.IsNullOrEmpty(volumeMount.SubPathExpr))
            {
                error = $"volumeMount {volumeMount.Name}: subPath is not emulated by the node agent";
                return false;
            }
            mounts.Add(new Mount(sandbox.EmptyDir(volume.Name), volumeMount.MountPath, volumeMount.ReadOnlyProperty == true));
        }
        error = string.Empty;
        return true;
    }

    // sh -c SCRIPT sh COMMAND...: bind every mount, then exec the command in place (same PID, so signals reach it).
    private static string MountScript(IEnumerable<Mount> mounts)
    {
        var script = new StringBuilder("set -e; ");
        foreach (var m in mounts)
        {
            script.Append(m.Type switch
            {
                MountType.Tmpfs => "mount -t tmpfs -o mode=1777 ",
                MountType.RecursiveBind => "mount --rbind ",
                _ => "mount --bind ",
            }).Append(Quote(m.Source)).Append(' ').Append(Quote(m.Target)).Append("; ");
            if (m.ReadOnly) script.Append("mount -o remount,bind,ro ").Append(Quote(m.Target)).Append("; ");
        }
        return script.Append("exec \"$@\"").ToString();
    }

    // The shell that mounts drops variables whose names are no shell identifiers (Kubernetes allows dots, as in
    // Logging__LogLevel__Microsoft.AspNetCore), so the program gets its environment from env -i after the mounts.
    private static IEnumerable<string> EnvironmentThroughArguments(IReadOnlyDictionary<string, string> environment) =>
        ["env", "-i", .. environment.Select(v => $"{v.Key}={v.Value}")];

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private sealed record Mount(string Source, string Target, bool ReadOnly, MountType Type = MountType.Bind);

    private enum MountType
    {
        Bind,
        RecursiveBind,
        Tmpfs,
    }
}
