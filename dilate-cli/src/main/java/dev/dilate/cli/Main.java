package dev.dilate.cli;

import dev.dilate.tensor.Gemm;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dilate} command line: parses, calls the library, prints. */
@Command(name = "dilate", mixinStandardHelpOptions = true, version = "dilate 0.1.0",
        description = "Fast decoding of masked diffusion language models with the Dilated Unmasking Scheduler.",
        subcommands = {DemoCommand.class, GenerateCommand.class, ScheduleCommand.class, OracleCommand.class,
                PlannersCommand.class, InfoCommand.class, ConvertCommand.class, BenchCommand.class,
                EvalCommand.class, ScoreCommand.class, JudgeCommand.class, SweepCommand.class, MergeCommand.class, ReportCommand.class, TrainCommand.class, TokenizerCommand.class,
                ServeCommand.class, LoadTestCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            // The kernels use the Vector API, an incubator module, and a jar's manifest cannot add a module.
            System.err.println("dilate: error: run it with ./dilate, or give the JVM the Vector API module: "
                    + "java --add-modules jdk.incubator.vector -jar dilate.jar ...");
            System.exit(2);
        }
        try {
            // The kernel settings (DILATE_BLAS, DILATE_TILE) are read here, before any product: later a
            // mistake in them would surface deep inside a command as a stack trace.
            Gemm.kernel();
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("dilate: error: " + e.getMessage());
            System.exit(2);
        }
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 2 bad input, 1 internal failure). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("dilate: error: " + ex.getMessage());
                return 2;
            }
            cmd.getErr().println("dilate: failed: " + ex);
            return 1;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // What the size checks (Sizes) did not foresee: still one line, not a stack trace.
            cli.getErr().printf("dilate: error: out of memory (this JVM may use %d MB): choose smaller sizes, or raise the limit with DILATE_JAVA_OPTS=-Xmx...%n",
                    Runtime.getRuntime().maxMemory() >> 20);
            return 2;
        }
    }
}
