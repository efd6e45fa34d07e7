package org.virtstartuppolicy.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.virtstartuppolicy.domain.Disk;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.ChainProblem;

/** Everything the rules are told about one start: the context, each disk, and each disk's problem. */
public record StartFacts(StartContext context, List<DiskFact> disks, List<DiskProblem> problems) {
    public StartFacts {
        disks = List.copyOf(disks);
        problems = List.copyOf(problems);
    }

    /** @param chains each disk's inspected chain, absent for disks that are not checked */
    public static StartFacts of(Domain domain, Map<Disk, BackingChain> chains, StartContext context) {
        List<DiskFact> disks = new ArrayList<>();
        List<DiskProblem> problems = new ArrayList<>();
        for (Disk disk : domain.disks()) {
            DiskFact fact = new DiskFact(disk.index(), disk.target(), disk.device(), disk.type(),
                    disk.startupPolicy(), disk.isEmpty() ? null : disk.source().label(), disk.bus(),
                    disk.bootOrder());
            disks.add(fact);
            BackingChain chain = chains.get(disk);
            if (chain != null && chain.problem() != null) {
                ChainProblem p = chain.problem();
                problems.add(new DiskProblem(fact, p.kind().label(), p.path(), p.referencedBy(), p.message()));
            }
        }
        return new StartFacts(context, disks, problems);
    }

    public List<Object> all() {
        List<Object> all = new ArrayList<>();
        all.add(context);
        all.addAll(disks);
        all.addAll(problems);
        return all;
    }
}
