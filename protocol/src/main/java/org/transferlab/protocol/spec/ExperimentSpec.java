package org.transferlab.protocol.spec;

/**
 * A whole experiment as a researcher writes it. Every section is optional in the file; {@link
 * #withDefaults()} fills what was left out so the rest of the system never sees a null section.
 * {@code gtl} is read by GTL experiments, {@code distill} by distillation experiments, {@code transferability}
 * by fine-tune experiments that score their candidate cut points before the sweep.
 */
public record ExperimentSpec(
        String name,
        ExperimentKind kind,
        Long seed,
        DataSpec data,
        ModelSpec model,
        PretrainSpec pretrain,
        TrainSpec train,
        SearchSpec search,
        SchedulerSpec scheduler,
        GtlSpec gtl,
        DistillSpec distill,
        LimitsSpec limits,
        ObjectiveSpec objective,
        TransferabilitySpec transferability) {

    /** A spec whose transferability section is off (every spec written before the section existed). */
    public ExperimentSpec(String name, ExperimentKind kind, Long seed, DataSpec data, ModelSpec model, PretrainSpec pretrain,
            TrainSpec train, SearchSpec search, SchedulerSpec scheduler, GtlSpec gtl, DistillSpec distill, LimitsSpec limits,
            ObjectiveSpec objective) {
        this(name, kind, seed, data, model, pretrain, train, search, scheduler, gtl, distill, limits, objective, TransferabilitySpec.OFF);
    }

    /** This spec with another data section (the orchestrator's resolution of {@code data.sources}). */
    public ExperimentSpec withData(DataSpec replaced) {
        return new ExperimentSpec(name, kind, seed, replaced, model, pretrain, train, search, scheduler, gtl, distill, limits, objective, transferability);
    }

    /** This spec with another model section (the orchestrator's storing of {@code model.weights}). */
    public ExperimentSpec withModel(ModelSpec replaced) {
        return new ExperimentSpec(name, kind, seed, data, replaced, pretrain, train, search, scheduler, gtl, distill, limits, objective,
                transferability);
    }

    public ExperimentSpec withDefaults() {
        ExperimentKind k = kind == null ? ExperimentKind.FINETUNE : kind;
        TrainSpec t = (train == null ? new TrainSpec(null, null, null, null, null, null, null, null, null) : train).withDefaults(k);
        DataSpec d = (data == null ? new DataSpec(null, null, null, null, null, null, null, null, null) : data).withDefaults();
        return new ExperimentSpec(
                name == null ? "experiment" : name,
                k,
                seed == null ? 42L : seed,
                d,
                (model == null ? new ModelSpec(null, null, null, null, null) : model).withDefaults(),
                (pretrain == null ? new PretrainSpec(null, null, null, null, null, null, null, null) : pretrain).withDefaults(d),
                t,
                (search == null ? new SearchSpec(null, null, null, null, null) : search).withDefaults(),
                (scheduler == null ? new SchedulerSpec(null, null, null, null, null, null) : scheduler).withDefaults(t.epochs(),
                        search == null ? null : search.withDefaults()),
                (gtl == null ? new GtlSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null) : gtl).withDefaults(t),
                (distill == null ? new DistillSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null) : distill).withDefaults(d),
                (limits == null ? new LimitsSpec(null, null) : limits).withDefaults(),
                (objective == null ? new ObjectiveSpec(null, null) : objective).withDefaults(),
                transferability == null ? TransferabilitySpec.OFF : transferability.withDefaults(d));
    }
}
