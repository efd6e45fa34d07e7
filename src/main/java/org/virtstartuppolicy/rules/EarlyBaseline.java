package org.virtstartuppolicy.rules;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The packaged baseline's rule base, built from its executable model on a thread of its own from
 * the moment a run knows it will decide (the command line's first word, libvirt's hook call), so
 * that the build, most of a cold run's CPU, overlaps the run's other start-up work: the command
 * line's parser, the config, the domain XML, the host. A run whose rules in force are the
 * baseline takes it ({@link BaselineModel#load}); the hook with site rules needs it for libvirt's
 * own decision. Every other use of Drools in the run waits for it first ({@link #await}), so that
 * two threads never initialise Drools' classes at once.
 */
public final class EarlyBaseline {
    private static FutureTask<BaselineModel.Built> build;

    private EarlyBaseline() {
    }

    /** Starts the build, once a run; a run that then needs no rule base exits without waiting for it. */
    public static synchronized void start() {
        if (build != null) {
            return;
        }
        build = new FutureTask<>(() -> {
            BaselineModel.Built built = BaselineModel.build();
            if (built != null) {
                built.kieBase().newKieSession().dispose(); // a session's classes too, used by the first decision
            }
            return built;
        });
        Thread thread = new Thread(build, "baseline-rules");
        thread.setDaemon(true);
        thread.start();
    }

    static synchronized boolean started() {
        return build != null;
    }

    /** The rule base the early build made, waiting for it; null when it was not started or made none. */
    static BaselineModel.Built take() {
        FutureTask<BaselineModel.Built> task;
        synchronized (EarlyBaseline.class) {
            task = build;
        }
        if (task == null) {
            return null;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            return null; // built again where it is needed, as without the early build
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until the early build, if one was started, is done: before any other use of Drools. */
    static void await() {
        take();
    }
}
