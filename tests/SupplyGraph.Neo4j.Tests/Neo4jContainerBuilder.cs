using DotNet.Testcontainers.Builders;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// Builds a Neo4j container on Testcontainers (Testcontainers.Neo4j is not served here, so the builder is ours): HTTP
/// only (the adapter needs no Bolt), authentication on with a set password or off, waited for until the HTTP API
/// answers. The image is SUPPLYGRAPH_NEO4J_IMAGE when set, else <c>neo4j:5</c>; CI sets the local Neo4j 3.1.1 image
/// that scripts/local-images.sh builds, since no registry can be reached there.
/// </summary>
public sealed class Neo4jContainerBuilder
{
    /// <summary>The image users get when SUPPLYGRAPH_NEO4J_IMAGE is not set.</summary>
    public const string DefaultImage = "neo4j:5";

    /// <summary>Neo4j's HTTP port inside the container.</summary>
    public const ushort HttpPort = 7474;

    private readonly Dictionary<string, string> _labels = [];
    private string _image = Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_IMAGE") is { Length: > 0 } image ? image : DefaultImage;
    private string? _password = "supplygraph-test";

    // Java's start on a loaded 2-core machine takes 10-60 s (more for Neo4j 5's first start): past this it failed.
    private TimeSpan _startupTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The image to run, e.g. <c>neo4j:5.26</c> or <c>supplygraph/neo4j:3.1.1-local</c>.</summary>
    public Neo4jContainerBuilder WithImage(string image)
    {
        _image = image;
        return this;
    }

    /// <summary>Authentication on, as user <c>neo4j</c> with this password (Neo4j 5 wants at least 8 characters).</summary>
    public Neo4jContainerBuilder WithPassword(string password)
    {
        _password = password;
        return this;
    }

    /// <summary>Authentication off (<c>NEO4J_AUTH=none</c>).</summary>
    public Neo4jContainerBuilder WithoutAuthentication()
    {
        _password = null;
        return this;
    }

    /// <summary>How long Neo4j may take to answer HTTP before the start counts as failed.</summary>
    public Neo4jContainerBuilder WithStartupTimeout(TimeSpan timeout)
    {
        _startupTimeout = timeout;
        return this;
    }

    /// <summary>A Docker label on the container, e.g. the test run's id, so that a script can remove what a run left.</summary>
    public Neo4jContainerBuilder WithLabel(string name, string value)
    {
        _labels[name] = value;
        return this;
    }

    /// <summary>The container, not yet started.</summary>
    public Neo4jContainer Build()
    {
        var builder = new ContainerBuilder(_image)
            .WithPortBinding(HttpPort, assignRandomHostPort: true)
            .WithEnvironment("NEO4J_AUTH", _password is null ? "none" : "neo4j/" + _password)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(
                request => request.ForPort(HttpPort).ForPath("/"),
                strategy => strategy.WithTimeout(_startupTimeout)));
        foreach (var (name, value) in _labels)
        {
            builder = builder.WithLabel(name, value);
        }

        return new Neo4jContainer(builder.Build(), _image, _password);
    }
}
