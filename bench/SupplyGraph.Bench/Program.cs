using SupplyGraph.Bench;

return await Harness.RunAsync(args);
