namespace DecoderHw.Quantize;

/// <summary>Chooses one rate-distortion point per layer.</summary>
public static class BitAllocator
{
    /// <summary>Minimum total squared error with total rate at most <paramref name="budgetBits"/>, or null when
    /// even the cheapest points exceed it. Marginal analysis on each layer's lower convex hull (the
    /// discrete form of equal Lagrangian slopes: always buy the segment with the most error removed
    /// per bit), then a fill pass that spends what is left on any point that still fits, so the
    /// result lands close under the budget rather than one hull segment short of it.</summary>
    public static RdPoint[]? ForBudget(IReadOnlyList<IReadOnlyList<RdPoint>> layers, double budgetBits)
    {
        var hulls = layers.Select(LowerHull).ToArray();
        var chosen = hulls.Select(h => h[0]).ToArray();
        double total = chosen.Sum(p => p.RateBits);
        if (total > budgetBits) return null;

        var next = new int[hulls.Length];
        var queue = new PriorityQueue<int, (double NegSlope, int Layer)>();
        void Offer(int layer)
        {
            int i = next[layer] + 1;
            if (i >= hulls[layer].Count) return;
            var (from, to) = (hulls[layer][i - 1], hulls[layer][i]);
            queue.Enqueue(layer, (-(from.ErrorEnergy - to.ErrorEnergy) / (to.RateBits - from.RateBits), layer));
        }
        for (int l = 0; l < hulls.Length; l++) Offer(l);

        while (queue.TryDequeue(out int layer, out _))
        {
            var to = hulls[layer][next[layer] + 1];
            double extra = to.RateBits - chosen[layer].RateBits;
            // Hull segments of a layer only get steeper in rate, so one that does not fit ends the layer.
            if (total + extra > budgetBits) continue;
            total += extra;
            chosen[layer] = to;
            next[layer]++;
            Offer(layer);
        }

        Fill(layers, chosen, budgetBits - total);
        return chosen;
    }

    private static void Fill(IReadOnlyList<IReadOnlyList<RdPoint>> layers, RdPoint[] chosen, double left)
    {
        while (true)
        {
            (int Layer, RdPoint? Point, double Gain) best = (-1, null, 0);
            for (int l = 0; l < layers.Count; l++)
                foreach (var p in layers[l])
                {
                    double extra = p.RateBits - chosen[l].RateBits, gain = chosen[l].ErrorEnergy - p.ErrorEnergy;
                    if (extra <= left && gain > best.Gain) best = (l, p, gain);
                }
            if (best.Point is null) return;
            left -= best.Point.RateBits - chosen[best.Layer].RateBits;
            chosen[best.Layer] = best.Point;
        }
    }

    /// <summary>The cheapest point whose SQNR is at least <paramref name="minSqnrDb"/>; if none reaches it,
    /// the most accurate point, and <c>Met</c> is false.</summary>
    public static (RdPoint Point, bool Met) Cheapest(IReadOnlyList<RdPoint> points, double signalEnergy, double minSqnrDb)
    {
        double maxError = signalEnergy / Math.Pow(10, minSqnrDb / 10);
        var meeting = points.Where(p => p.ErrorEnergy <= maxError).ToList();
        return meeting.Count > 0
            ? (meeting.MinBy(p => (p.RateBits, p.ErrorEnergy))!, true)
            : (points.MinBy(p => (p.ErrorEnergy, p.RateBits))!, false);
    }

    /// <summary>The most accurate point costing at most <paramref name="maxRateBits"/> (ties: the cheaper).</summary>
    public static RdPoint? MostAccurateWithin(IReadOnlyList<RdPoint> points, double maxRateBits) =>
        points.Where(p => p.RateBits <= maxRateBits).MinBy(p => (p.ErrorEnergy, p.RateBits));

    /// <summary>Points on the lower convex hull of (rate, error), cheapest first: the only points a
    /// Lagrangian cost D + lambda R ever picks.</summary>
    public static IReadOnlyList<RdPoint> LowerHull(IReadOnlyList<RdPoint> points)
    {
        if (points.Count == 0) throw new ArgumentException("a layer needs at least one rate-distortion point");
        var hull = new List<RdPoint>();
        foreach (var p in points.OrderBy(p => p.RateBits).ThenBy(p => p.ErrorEnergy))
        {
            if (hull.Count > 0 && p.ErrorEnergy >= hull[^1].ErrorEnergy) continue;
            while (hull.Count >= 2 && Cross(hull[^2], hull[^1], p) <= 0) hull.RemoveAt(hull.Count - 1);
            hull.Add(p);
        }
        return hull;
    }

    private static double Cross(RdPoint a, RdPoint b, RdPoint c) =>
        (b.RateBits - a.RateBits) * (c.ErrorEnergy - a.ErrorEnergy) - (b.ErrorEnergy - a.ErrorEnergy) * (c.RateBits - a.RateBits);
}
