package org.medtl.core.cli;

import org.medtl.core.agreement.AgreementResult;
import org.medtl.core.agreement.PredictionAgreement;
import org.medtl.core.agreement.Predictions;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code ./medtl agreement A.csv B.csv}: prediction agreement of two models, as one JSON object. */
final class AgreementCommand implements Command {

    @Override
    public String name() {
        return "agreement";
    }

    @Override
    public String summary() {
        return "prediction agreement of two models (accuracy, AUC, error consistency, kappa, McNemar, DeLong), JSON out";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl agreement A.csv B.csv

                A.csv, B.csv  predictions tables with header id,label,p_0,...,p_{C-1} and optionally fold (the
                              fine-tuner writes id,fold,label,p_0,...); rows are matched by id (and fold when both
                              have one). p_k are probabilities in [0, 1], each row summing to 1.
                              Binary: predicted 1 when p_1 > 0.5; multi-class: argmax.

                Prints one JSON object over all matched samples: n, accuracy_a, accuracy_b, auc_a, auc_b (binary)
                or auc_a_macro, auc_a_weighted, auc_a_micro and the same for b (multi-class),
                error_consistency_observed, error_consistency_expected (acc_a*acc_b + (1-acc_a)*(1-acc_b)),
                error_consistency_expected_paper (the paper's acc_a^2 + (1-acc_a)^2), error_consistency_kappa,
                cohen_kappa, agreement_rate, mcnemar_p, delong_p, delong_ci_a, delong_ci_b (binary), correctness,
                disagreement_matrix (rows: A's label, columns: B's), and with folds per_fold, fold_mean, fold_std.
                Undefined values are null and explained in warnings.""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allow(Set.of());
        List<String> files = args.positionals();
        if (files.size() != 2) {
            throw new Args.UsageException("expected two predictions files A.csv B.csv, got " + files.size());
        }
        AgreementResult r = PredictionAgreement.compare(Predictions.read(Path.of(files.get(0))), Predictions.read(Path.of(files.get(1))));
        out.println(Json.write(r.toMap()));
        return 0;
    }
}
