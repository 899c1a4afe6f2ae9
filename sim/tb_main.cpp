// tb_main.cpp: the clock of testbenches/tb_decoder.sv on Verilator, without the --timing scheduler.
//
// sim/build.sh builds the bench with -DTB_EXTERNAL_CLOCK: its clk is then an input, and this loop
// toggles it every 5 ns (a 10 ns period, starting low, as the bench's own clock process on Icarus). The
// bench has no other delay or event control (testbenches/tb_decoder.sv, "Timing"), so each edge is
// one eval(): no coroutine scheduler. The run ends at the bench's $finish; $fatal aborts (non-zero).
#include <memory>

#include "Vtb_decoder.h"
#include "verilated.h"

int main(int argc, char** argv) {
    const std::unique_ptr<VerilatedContext> context{new VerilatedContext};
    context->commandArgs(argc, argv);
    // The model is single-threaded: no worker pool (by default one thread per core), whose mere
    // existence makes every stdio call lock (the bench's $fread is one fgetc per byte).
    context->threads(1);
#if VM_TRACE
    context->traceEverOn(true);  // the bench's $dumpfile/$dumpvars (TB_WAVES builds)
#endif
    const std::unique_ptr<Vtb_decoder> tb{new Vtb_decoder{context.get(), "TOP"}};
    tb->clk = 0;
    tb->eval();  // the initial blocks: plusargs, vectors, reset
    while (!context->gotFinish()) {
        context->timeInc(5000);  // half a period, in the bench's 1 ps precision
        tb->clk = !tb->clk;
        tb->eval();
    }
    tb->final();
    return context->gotError() ? 1 : 0;
}
