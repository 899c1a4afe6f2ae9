using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Cycle;

/// <summary>
/// The RTL's register-transfer rules (docs/architecture.md) with integers in place of bit vectors: the
/// data only matters through how many bits each beat consumes, which the encoder recorded. One loop
/// iteration is one clock cycle; every comparison here is a comparison in the RTL.
/// </summary>
public static class CycleModel
{
    private enum Phase { Idle, Load, Init, Decode, End }

    public static CycleTrace Run(ResolvedModel model, EncodedStream stream, StallScenario scenario)
    {
        int lanes = model.Lanes;
        int inputWidth = model.InputWidth;
        int bufferWidth = model.BufferWidth;
        int words = stream.WordCount;
        int[] beatNeeds = stream.BeatNeedBits;
        int layerCount = model.Layers.Count;
        long totalBeats = model.Layers.Sum(l => (long)l.DecodeBeats(lanes));
        if (totalBeats > int.MaxValue) throw new InvalidOperationException("too many beats to model");

        var handshakes = new int[totalBeats];
        var inputHandshakes = new int[words];
        var lastBeatOfLayer = new int[layerCount];
        var loadCyclesOfLayer = new long[layerCount];
        var inputGate = new Lfsr(scenario.InputSeed);
        var outputGate = new Lfsr(scenario.OutputSeed);

        // Decoder registers.
        var phase = Phase.Idle;
        int layer = 0, remain = 0, beat = 0;
        int initBeat = 0;   // INIT beats of the layer fired so far (a pipelined lane has one per state)
        // tables: ram: the layer whose header is being read and its next step; the table builder's busy
        // cycles left and the layer it builds (into that layer's bank, while another layer decodes).
        var loadSteps = stream.LayerLoadSteps;
        int loadLayer = 0, loadStep = 0, builderBusy = 0, buildLayer = -1;
        // ram_banks: the headers run banks-1 layers ahead. With two banks the loader waits for an idle
        // builder (the builder's symbolNext holds the counts), so a build starts as its header's last field
        // is read. With three, every bank has its own counts buffer: a header is read at once and queued,
        // and the one builder starts the next layer's build, in layer order, in its first idle cycle.
        int banks = model.Spec.RamBanks, ahead = banks - 1;
        bool queuedBuilds = banks > DecoderSpec.DefaultRamBanks;
        int nextBuild = 0;   // the next layer whose build starts (all before it have started)
        long fill = 0;
        bool lastSeen = false, outValid = false;
        // The bit buffer's model tag check: it takes a stream's first word (the tag) whenever it is
        // offered and the previous stream is done (!lastSeen), without storing it.
        bool tagPending = stream.TagWords > 0;
        // Testbench registers.
        int accepted = 0;
        bool previousValidNotTaken = false;

        int outputsSeen = 0, firstInput = -1, done = -1, decodeBeatsFired = 0;
        // Stalls stretch a run by up to 256/(256 - threshold) on each side; past that it is a hang.
        int worstThreshold = Math.Max(scenario.InputStallThreshold, scenario.OutputStallThreshold);
        long stretch = worstThreshold >= 256 ? 1L << 20
            : (2L * 256 / (256 - worstThreshold) + 1) * Math.Max(scenario.InputBurst, scenario.OutputBurst);
        long limit = 4L * stretch * (beatNeeds.Length + words + stream.MinimumLoadCycles + 16) + 10_000;
        for (int cycle = 0; done < 0 || outputsSeen < totalBeats; cycle++)
        {
            if (cycle > limit) throw new InvalidOperationException($"cycle model did not finish within {limit} cycles");

            bool sValid = accepted < words && (previousValidNotTaken || inputGate.Gate(scenario.InputStallThreshold));
            bool mReady = outputGate.Gate(scenario.OutputStallThreshold);
            bool bufferReady = !lastSeen && fill <= bufferWidth - inputWidth;
            bool sReady = tagPending ? !lastSeen : bufferReady;
            bool inFire = sValid && sReady;
            bool tagFire = inFire && tagPending;
            bool bufferFire = inFire && !tagPending;

            if (outValid && mReady) handshakes[outputsSeen++] = cycle;
            bool outFree = !outValid || mReady;

            long consume = 0;
            bool fireDecode = false;
            int startBuild = 0;
            if (queuedBuilds && builderBusy == 0 && nextBuild < loadLayer)
            {
                startBuild = loadSteps[nextBuild][^1].Busy;   // a queued header: its bank is free (docs/architecture.md)
                buildLayer = nextBuild++;
            }
            switch (phase)
            {
                case Phase.Idle:
                    if (inFire)
                    {
                        // The tag word starts the stream; tables: ram first reads the headers of layers 0 and 1.
                        phase = loadSteps.Count > 0 ? Phase.Load : Phase.Init;
                        loadLayer = 0;
                        loadStep = 0;
                    }
                    break;
                case Phase.Load:
                    loadCyclesOfLayer[loadLayer]++;
                    var steps = loadSteps[loadLayer];
                    if (builderBusy > 0 && !queuedBuilds) { }   // the builder still holds the previous table's counts
                    else if (steps[loadStep].Need <= fill)
                    {
                        consume = steps[loadStep].Need;
                        if (++loadStep == steps.Length)
                        {
                            // Two banks: the builder is idle, so it starts now. Three: it starts now if it is
                            // idle and no earlier header waits, else in its first idle cycle (above).
                            if (!queuedBuilds || (builderBusy == 0 && startBuild == 0 && nextBuild == loadLayer))
                            {
                                startBuild = steps[^1].Busy;
                                buildLayer = loadLayer;
                                nextBuild = loadLayer + 1;
                            }
                            loadLayer++;
                            loadStep = 0;
                            // At a stream's start the headers of layers 0 .. banks-1, at a switch to layer k that of k+banks-1.
                            if (loadLayer >= layerCount || loadLayer > layer + ahead) phase = Phase.Init;
                        }
                    }
                    else if (lastSeen) throw new InvalidOperationException($"model ran out of bits loading layer {loadLayer}");
                    break;
                case Phase.Init:
                    if (((builderBusy > 0 || startBuild > 0) && buildLayer == layer) || (queuedBuilds && nextBuild <= layer))
                        loadCyclesOfLayer[layer]++;   // its table is still being built (or queued, or its build starts now)
                    else if (beatNeeds[beat] <= fill)
                    {
                        consume = beatNeeds[beat++];
                        if (++initBeat == model.InitBeats)
                        {
                            initBeat = 0;
                            remain = model.Layers[layer].WeightCount;
                            phase = Phase.Decode;
                        }
                    }
                    else if (lastSeen) throw new InvalidOperationException($"model ran out of bits in INIT of layer {layer}");
                    break;
                case Phase.Decode:
                    if (beatNeeds[beat] <= fill && outFree)
                    {
                        consume = beatNeeds[beat++];
                        fireDecode = true;
                        if (remain <= lanes)
                        {
                            lastBeatOfLayer[layer] = decodeBeatsFired;
                            if (layer == layerCount - 1) phase = Phase.End;
                            else { layer++; phase = loadLayer < loadSteps.Count ? Phase.Load : Phase.Init; }
                        }
                        remain -= Math.Min(lanes, remain);
                        decodeBeatsFired++;
                    }
                    else if (beatNeeds[beat] > fill && lastSeen) throw new InvalidOperationException($"model ran out of bits in layer {layer}");
                    break;
                case Phase.End:
                    if (lastSeen && done < 0)
                    {
                        done = cycle + 1;
                        // The RTL returns to IDLE for a next stream; none follows in a run.
                    }
                    break;
            }

            builderBusy = startBuild > 0 ? startBuild : Math.Max(0, builderBusy - 1);
            outValid = fireDecode || (outValid && !mReady);
            fill = fill - consume + (bufferFire ? inputWidth : 0);
            if (tagFire) tagPending = false;
            if (inFire)
            {
                if (firstInput < 0) firstInput = cycle;
                inputHandshakes[accepted] = cycle;
                if (accepted == words - 1) lastSeen = true;
                accepted++;
            }
            previousValidNotTaken = sValid && !inFire;
            if ((cycle + 1) % scenario.InputBurst == 0) inputGate.Advance();
            if ((cycle + 1) % scenario.OutputBurst == 0) outputGate.Advance();
        }
        return new CycleTrace(scenario, handshakes, firstInput, done, lastBeatOfLayer)
        {
            InputHandshakeCycles = inputHandshakes,
            LoadCyclesOfLayer = loadCyclesOfLayer,
        };
    }

}
