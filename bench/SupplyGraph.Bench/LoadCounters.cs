using System.Globalization;

namespace SupplyGraph.Bench;

/// <summary>
/// Where a load's wall time goes, from the kernel's and the GC's counters: user and system CPU (system time is
/// mostly page faults on fresh arrays), minor and major page faults (major = read from disk), garbage collections
/// and their pauses. Wall time minus CPU over both cores is time spent waiting: for a core, or for the disk.
/// </summary>
internal readonly record struct LoadCounters(double UserMs, double SystemMs, long MinorFaults, long MajorFaults, int Gen2, double GcPauseMs)
{
    public static LoadCounters Read()
    {
        // /proc/self/stat: fields after the command name; minflt is field 10, majflt 12, utime 14, stime 15 (clock ticks).
        var stat = File.ReadAllText("/proc/self/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        const double tick = 10; // ms per clock tick (USER_HZ = 100 on Linux)
        return new LoadCounters(
            long.Parse(f[11], CultureInfo.InvariantCulture) * tick,
            long.Parse(f[12], CultureInfo.InvariantCulture) * tick,
            long.Parse(f[7], CultureInfo.InvariantCulture),
            long.Parse(f[9], CultureInfo.InvariantCulture),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds);
    }

    public static LoadCounters operator -(LoadCounters a, LoadCounters b) =>
        new(a.UserMs - b.UserMs, a.SystemMs - b.SystemMs, a.MinorFaults - b.MinorFaults, a.MajorFaults - b.MajorFaults, a.Gen2 - b.Gen2, a.GcPauseMs - b.GcPauseMs);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"user {UserMs / 1000:0.00} s, system {SystemMs / 1000:0.00} s; {MinorFaults:N0} minor / {MajorFaults:N0} major page faults; {Gen2} gen-2 GCs, {GcPauseMs:0} ms paused");
}
