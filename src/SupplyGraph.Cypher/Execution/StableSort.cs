namespace SupplyGraph.Cypher;

/// <summary>
/// A stable merge sort that counts every comparison as work for the query's budget checks. Array.Sort and LINQ
/// cannot be stopped between comparisons (an exception from a comparer comes out wrapped), and sorting a few
/// million rows with Cypher's ordering takes seconds, longer than a budget may overrun.
/// </summary>
internal static class StableSort
{
    /// <summary>Sorts <paramref name="items"/> in place, equal items keeping their order; the scratch buffer is charged to the memory budget.</summary>
    public static void Sort<T>(T[] items, Comparison<T> compare, ExecContext ctx)
    {
        var n = items.Length;
        if (n < 2)
        {
            return;
        }

        ctx.Memory.Charge(MemoryMeter.ListBytes + (8L * n));
        var source = items;
        var target = new T[n];
        const int run = 16;
        for (var lo = 0; lo < n; lo += run)
        {
            InsertionSort(source, lo, Math.Min(lo + run, n), compare);
            ctx.Tick(run * 4);
        }

        for (var width = run; width < n; width *= 2)
        {
            for (var lo = 0; lo < n; lo += 2 * width)
            {
                var mid = Math.Min(lo + width, n);
                var hi = Math.Min(lo + (2 * width), n);
                Merge(source, target, lo, mid, hi, compare);
                ctx.Tick(hi - lo);
            }

            (source, target) = (target, source);
        }

        if (!ReferenceEquals(source, items))
        {
            Array.Copy(source, items, n);
        }
    }

    private static void InsertionSort<T>(T[] a, int lo, int hi, Comparison<T> compare)
    {
        for (var i = lo + 1; i < hi; i++)
        {
            var x = a[i];
            var j = i - 1;
            while (j >= lo && compare(a[j], x) > 0)
            {
                a[j + 1] = a[j];
                j--;
            }

            a[j + 1] = x;
        }
    }

    private static void Merge<T>(T[] from, T[] to, int lo, int mid, int hi, Comparison<T> compare)
    {
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
        {
            // Take from the left run on ties: that keeps the sort stable.
            to[k++] = compare(from[j], from[i]) < 0 ? from[j++] : from[i++];
        }

        while (i < mid)
        {
            to[k++] = from[i++];
        }

        while (j < hi)
        {
            to[k++] = from[j++];
        }
    }
}
