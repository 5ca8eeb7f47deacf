using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Import.Formats;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests.Import;

/// <summary>A store in a temporary folder that published files are imported into, as the CLI does.</summary>
public sealed class FormatStore : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly EmbeddedGraphStore _store;

    public FormatStore() => _store = EmbeddedGraphStore.Open(System.IO.Path.Combine(_folder.Path, "data"));

    public static string Data(params string[] parts) => System.IO.Path.Combine([RepoPaths.Shared, "data", .. parts]);

    public TempFolder Folder => _folder;

    public GraphSnapshot Graph => _store.Snapshot;

    public async Task<CommitResult> ImportAsync(string? format, DelimitedMapping? mapping, params string[] files)
    {
        var session = new ImportSession(_store.Snapshot) { Format = format, Mapping = mapping };
        foreach (var f in files)
        {
            session.AddFile(f);
        }

        return await _store.ApplyAsync(session.ToBatch("test import"));
    }

    public Task<CommitResult> ImportAsync(params string[] files) => ImportAsync(null, null, files);

    /// <summary>Imports files expected to fail; checks nothing was committed and returns the problems.</summary>
    public async Task<IReadOnlyList<InputError>> RejectedAsync(params string[] files)
    {
        var before = await _store.GetStatisticsAsync();
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ImportAsync(files));
        var after = await _store.GetStatisticsAsync();
        Assert.Equal(before.LastSequence, after.LastSequence);
        Assert.Equal(before.Entities, after.Entities);
        return ex.Errors;
    }

    public Entity Entity(string id) => Graph.FindEntity(id) ?? throw new Xunit.Sdk.XunitException($"no entity {id}");

    public Entity Named(string name) => Graph.Entities.Single(e => e.Name == name);

    public List<Relationship> Out(string id, string type) =>
        [.. Graph.Relationships.Where(r => r.From == id && r.Type == type)];

    public List<Relationship> In(string id, string type) =>
        [.. Graph.Relationships.Where(r => r.To == id && r.Type == type)];

    public int Count(string label) => Graph.Entities.Count(e => e.HasLabel(label));

    public int CountRelationships(string type) => Graph.Relationships.Count(r => r.Type == type);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _folder.Dispose();
    }
}
