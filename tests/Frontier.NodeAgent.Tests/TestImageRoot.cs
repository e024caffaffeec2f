namespace Frontier.NodeAgent.Tests;

/// <summary>
/// The --image-root of this assembly's node agent: empty when the agent starts (every image comes from images.json),
/// filled by tests with bundles that then win for their image names. Removed when the test process exits.
/// </summary>
internal static class TestImageRoot
{
    public static readonly string Path = CreateRemovedAtExit();

    private static string CreateRemovedAtExit()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("node-agent-images-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return directory;
    }
}
