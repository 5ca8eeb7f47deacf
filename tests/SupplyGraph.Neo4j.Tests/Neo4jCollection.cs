namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// The test classes that use Neo4j (<c>[Collection(Neo4jServer.Collection)]</c>): one at a time, on one server that
/// <see cref="Neo4jServerLifetime"/> starts before the first and stops after the last.
/// </summary>
[CollectionDefinition(Neo4jServer.Collection)]
public sealed class Neo4jCollection : ICollectionFixture<Neo4jServerLifetime>;
