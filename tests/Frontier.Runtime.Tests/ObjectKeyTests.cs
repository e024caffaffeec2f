using k8s.Models;

namespace Frontier.Runtime.Tests;

public sealed class ObjectKeyTests
{
    [Fact]
    public void ToString_is_namespace_slash_name_or_just_name()
    {
        Assert.Equal("ns/a", new ObjectKey("ns", "a").ToString());
        Assert.Equal("a", new ObjectKey(null, "a").ToString());
        Assert.Equal("a", new ObjectKey("", "a").ToString());
    }

    [Fact]
    public void Empty_namespace_equals_null_namespace()
    {
        Assert.Equal(new ObjectKey(null, "a"), new ObjectKey("", "a"));
        Assert.Null(new ObjectKey("", "a").Namespace);
        Assert.NotEqual(new ObjectKey("x", "a"), new ObjectKey("y", "a"));
    }

    [Fact]
    public void Of_reads_namespace_and_name_from_metadata()
    {
        var configMap = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = "prod" } };
        Assert.Equal(new ObjectKey("prod", "settings"), ObjectKey.Of(configMap));
        var node = new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" } };
        Assert.Equal(new ObjectKey(null, "node-1"), ObjectKey.Of(node));
        Assert.Equal(new ObjectKey("ns", "w"), ObjectKey.Of(Widget.Create("ns", "w")));
    }

    [Fact]
    public void Of_rejects_an_object_without_a_name()
    {
        Assert.Throws<ArgumentException>(() => ObjectKey.Of(new V1ConfigMap { Metadata = new V1ObjectMeta() }));
    }

    [Theory]
    [InlineData("ns/a")]
    [InlineData("a")]
    public void Parse_round_trips_ToString(string text) => Assert.Equal(text, ObjectKey.Parse(text).ToString());

    [Fact]
    public void Works_as_a_dictionary_key()
    {
        var set = new HashSet<ObjectKey> { new("ns", "a"), new("ns", "a"), new(null, "a"), new("", "a") };
        Assert.Equal(2, set.Count);
    }
}
