namespace DecoderHw.Huffman;

/// <summary>Optimal length-limited prefix-code lengths (Larmore and Hirschberg's package-merge).</summary>
public static class PackageMerge
{
    public static int[] CodeLengths(IReadOnlyList<long> counts, int maxLength)
    {
        var present = Enumerable.Range(0, counts.Count).Where(s => counts[s] > 0).OrderBy(s => counts[s]).ThenBy(s => s).ToArray();
        var lengths = new int[counts.Count];
        if (present.Length <= 1) return lengths;
        if ((1L << maxLength) < present.Length)
            throw new ArgumentException($"{present.Length} symbols need codes longer than {maxLength} bits", nameof(maxLength));

        // Each item is a weight and, per present symbol, how many leaves of it the item holds.
        var leaves = present.Select((s, i) => new Item(counts[s], Unit(present.Length, i))).ToList();
        var list = leaves;
        for (int level = 1; level < maxLength; level++)
        {
            var packages = new List<Item>(list.Count / 2);
            for (int i = 0; i + 1 < list.Count; i += 2) packages.Add(list[i].Merge(list[i + 1]));
            list = MergeSorted(leaves, packages);
        }
        foreach (var item in list.Take(2 * present.Length - 2))
            for (int i = 0; i < present.Length; i++) lengths[present[i]] += item.Leaves[i];
        return lengths;
    }

    private sealed record Item(long Weight, int[] Leaves)
    {
        public Item Merge(Item other)
        {
            var leaves = new int[Leaves.Length];
            for (int i = 0; i < leaves.Length; i++) leaves[i] = Leaves[i] + other.Leaves[i];
            return new Item(Weight + other.Weight, leaves);
        }
    }

    private static int[] Unit(int size, int index)
    {
        var leaves = new int[size];
        leaves[index] = 1;
        return leaves;
    }

    /// <summary>Stable merge: a leaf goes before a package of equal weight, which keeps lengths short for ties.</summary>
    private static List<Item> MergeSorted(List<Item> leaves, List<Item> packages)
    {
        var merged = new List<Item>(leaves.Count + packages.Count);
        int a = 0, b = 0;
        while (a < leaves.Count || b < packages.Count)
            merged.Add(b >= packages.Count || (a < leaves.Count && leaves[a].Weight <= packages[b].Weight) ? leaves[a++] : packages[b++]);
        return merged;
    }
}
