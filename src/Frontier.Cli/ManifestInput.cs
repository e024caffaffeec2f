using Frontier.Api.Manifests;

namespace Frontier.Cli;

/// <summary>The manifests a command works on: the files given with -f, or the embedded sample dataset.</summary>
internal static class ManifestInput
{
    /// <summary>Loads <paramref name="files"/>, or the embedded dataset when there are none; returns the set and a description of it.</summary>
    public static (ManifestSet Set, string Dataset) Load(IReadOnlyList<string> files)
    {
        if (files.Count == 0) return (ManifestLoader.LoadText(SampleData.Text(), SampleData.SourceName), SampleData.Name);
        foreach (var f in files)
        {
            if (!File.Exists(f)) throw new UsageException($"-f {f}: file not found");
        }
        return (ManifestLoader.LoadFiles(files), string.Join(", ", files));
    }
}
