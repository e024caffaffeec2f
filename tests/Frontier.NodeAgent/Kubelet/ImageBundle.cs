using System.Globalization;
using System.Text.Json;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>
/// An image's extracted layers, as <c>images.sh unpack</c> leaves them under the agent's <c>--image-root</c>:
/// ROOT/NAME/rootfs (the layers, <c>umoci unpack</c>) and ROOT/NAME/image.json (the image's OCI config, whose
/// <c>config</c> object has Entrypoint, Cmd, Env, User and WorkingDir; umoci's own config.json is not read because it
/// merges entrypoint and cmd, which Kubernetes' command/args rules keep apart).
/// </summary>
/// <param name="RootFs">The root filesystem the container's processes are chrooted into.</param>
/// <param name="Entrypoint">The image's Entrypoint.</param>
/// <param name="Cmd">The image's Cmd.</param>
/// <param name="Env">The image's Env (NAME=value), in order.</param>
/// <param name="User">The image's User (<c>uid</c>, <c>name</c>, <c>uid:gid</c>, <c>name:group</c>), or null for root.</param>
/// <param name="WorkingDir">The image's WorkingDir inside the root filesystem ("/" when it names none).</param>
internal sealed record ImageBundle(
    string RootFs,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    IReadOnlyList<string> Env,
    string? User,
    string WorkingDir)
{
    /// <summary>The bundle file with the image's config.</summary>
    public const string ConfigFile = "image.json";

    /// <summary>Reads the bundle ROOT/NAME; <see cref="BundleLookup.Absent"/> when there is no ROOT/NAME directory.</summary>
    public static BundleLookup Find(string root, string name, out ImageBundle? bundle, out string error)
    {
        bundle = null;
        error = string.Empty;
        var directory = Path.Combine(root, name);
        if (name.Length == 0 || name.StartsWith('.') || !Directory.Exists(directory)) return BundleLookup.Absent;
        var rootFs = Path.Combine(directory, "rootfs");
        var file = Path.Combine(directory, ConfigFile);
        if (!Directory.Exists(rootFs) || !File.Exists(file))
        {
            error = $"image bundle {directory} has no rootfs/ or {ConfigFile} (make it with: tests/images/images.sh unpack WORK {root})";
            return BundleLookup.Broken;
        }
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var config = json.RootElement.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
            bundle = new ImageBundle(rootFs, Strings(config, "Entrypoint"), Strings(config, "Cmd"), Strings(config, "Env"),
                Text(config, "User"), Text(config, "WorkingDir") ?? "/");
            return BundleLookup.Found;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IOException)
        {
            error = $"{file}: not an OCI image config: {e.Message}";
            return BundleLookup.Broken;
        }
    }

    /// <summary>
    /// The numeric user and group a process of this image runs as, resolved in the image's /etc/passwd and /etc/group as
    /// a container runtime does: <paramref name="runAsUser"/>/<paramref name="runAsGroup"/> (the pod's securityContext)
    /// win over the image's User; a user without a group gets its passwd group, else 0. Also the user's home directory.
    /// </summary>
    public bool TryResolveUser(long? runAsUser, long? runAsGroup, out BundleIdentity identity, out string error)
    {
        identity = new BundleIdentity(0, 0, "/");
        error = string.Empty;
        var passwd = Table("etc/passwd");
        var (userPart, groupPart) = User?.Split(':', 2) switch
        {
            [var u, var g] => (u, g),
            [var u] when u.Length > 0 => (u, (string?)null),
            _ => ("0", null),
        };
        long uid;
        string[]? entry;
        if (runAsUser is { } forced) (uid, entry) = (forced, passwd.FirstOrDefault(f => f[2] == forced.ToString(CultureInfo.InvariantCulture)));
        else if (long.TryParse(userPart, NumberStyles.None, CultureInfo.InvariantCulture, out uid)) entry = passwd.FirstOrDefault(f => f[2] == userPart);
        else
        {
            entry = passwd.FirstOrDefault(f => f[0] == userPart);
            if (entry is null || !long.TryParse(entry[2], NumberStyles.None, CultureInfo.InvariantCulture, out uid))
            {
                error = $"image user \"{User}\": no such user in the image's /etc/passwd";
                return false;
            }
        }
        long gid;
        if (runAsGroup is { } forcedGroup) gid = forcedGroup;
        else if (groupPart is null) gid = entry is not null && long.TryParse(entry[3], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : 0;
        else if (!long.TryParse(groupPart, NumberStyles.None, CultureInfo.InvariantCulture, out gid))
        {
            var group = Table("etc/group").FirstOrDefault(f => f[0] == groupPart);
            if (group is null || !long.TryParse(group[2], NumberStyles.None, CultureInfo.InvariantCulture, out gid))
            {
                error = $"image user \"{User}\": no such group in the image's /etc/group";
                return false;
            }
        }
        identity = new BundleIdentity(uid, gid, entry is { Length: > 5 } && entry[5].Length > 0 ? entry[5] : "/");
        return true;
    }

    /// <summary>
    /// <paramref name="path"/> (absolute, inside the image) as a host path under <see cref="RootFs"/>, following the
    /// image's symlinks within it: an absolute link (Debian's /var/run → /run) is taken from the image's root, never
    /// the host's, and ".." never climbs out of it.
    /// </summary>
    public string HostPath(string path)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        for (var links = 0; pending.Count > 0;)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var candidate = Path.Combine([RootFs, .. resolved, part]);
            if (new FileInfo(candidate).LinkTarget is { } target && links++ < 40)
            {
                if (target.StartsWith('/')) resolved.Clear();
                foreach (var p in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(p);
                continue;
            }
            resolved.Add(part);
        }
        return Path.Combine([RootFs, .. resolved]);
    }

    // passwd/group lines of the image, split at ':' (name, password, id, …).
    private string[][] Table(string relative)
    {
        var file = Path.Combine(RootFs, relative);
        return File.Exists(file)
            ? File.ReadLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(':')).Where(f => f.Length >= 4).ToArray()
            : [];
    }

    private static IReadOnlyList<string> Strings(JsonElement config, string name) =>
        config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToList()
            : [];

    private static string? Text(JsonElement config, string name) =>
        config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s
            ? s
            : null;
}
