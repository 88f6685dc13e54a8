/** Usage texts, one per command; `causal-studio <command> --help` prints them. */

export const VERSION = "0.1.0";

export const MAIN_HELP = `causal-studio ${VERSION}: structural causal models from the command line

Usage: causal-studio <command> [options]

Commands:
  graph <file>     the DAG of a .causal.ts (read statically, runs nothing), .dagitty or .bif file,
                   with adjustment sets, instruments, implied independencies, identification
  query <file>     run an interventional or counterfactual query on a .causal.ts model or a
                   .bif network (its tables; no code runs)
  train <file>     learn a .causal.ts model's params from a data file (CSV, Parquet, JSON-lines)
  diagnose <file>  check a .causal.ts model against a data file: implied independencies, residuals,
                   stability and invariance across environments, reweighting drift
  simulate <file>  draw rows from a .causal.ts model or a .bif network, as CSV (with --do: an
                   experiment's data)
  run <script.ts>  run a TypeScript script with "causal-studio" resolved to this library

Options: --help (also after a command), --version, --debug (stack traces on model and query errors too; internal errors always print theirs)
Exit codes: 0 ok, 1 an error in the model, graph or query, 2 bad usage.
`;

export const GRAPH_HELP = `Usage: causal-studio graph <file.causal.ts|file.dagitty|file.bif|file.lavaan> [options]

Reads the graph without running any code and prints its nodes and edges, the implied
conditional independencies and, given an exposure and an outcome, the minimal adjustment
sets and instruments. For .dagitty files, exposure/outcome default to the file's roles, and
nodes marked [adjusted] or [selected] are in every adjustment set listed.
A .bif file is a discrete Bayesian network (BIF 0.15, as in the bnlearn repository and pgmpy).
A .lavaan file is lavaan model syntax: its regressions (~), latent measurement (=~) and residual
covariances (~~, drawn as <->) are the graph.

Options:
  --exposure X[,X2]     exposure variable(s)
  --outcome Y[,Y2]      outcome variable(s)
  --identify            identify P(outcome | do(exposure)): the formula, or the hedge that blocks it
  --model NAME          analyse only the model with this name (a file may hold several)
  --to dagitty|dot|mermaid|lavaan|bnlearn
                        print the graph in that syntax instead of the summary (lavaan: a linear
                        SEM for lavaan::sem; bnlearn: a model string for model2network)
  --to bif              print the network with its tables as BIF: a .bif file as read (rows
                        normalised), a discrete .causal.ts model's mechanisms evaluated on every
                        parent configuration (this runs the model, in the model process)
  --json                print JSON (schema: src/cli/README-json.md)
  --implications basis|pairwise|minimal
                        which implied independencies to list: basis (default) is one statement
                        per variable, X _||_ its non-descendants but parents | its parents;
                        pairwise is one statement per non-adjacent pair with a minimal
                        conditioning set; minimal is every minimal set of every such pair
  --max-implications N|all
                        list at most N statements (default 50 in text; with --json the whole
                        basis, or the first 10000 of pairwise/minimal); the rest are counted
  --no-independencies   skip the implied independencies
  --direct-effect       also list the adjustment sets for the direct effect along the edge
                        exposure -> outcome (Pearl's single-door criterion)
  --markov-blanket V[,W]
                        the smallest set of observed variables given which V is independent
                        of every other (parents, children, children's parents; with <-> edges,
                        everything joined to V by a path of colliders)
  --moments             a linear-Gaussian .causal.ts model's implied means, covariance matrix
                        and total effects, in closed form (runs the model in the model process)
  --equivalence         the Markov equivalence class: which arrows observational data can learn
                        (compelled) and which it cannot (reversible), how many DAGs share the
                        graph's independencies and the first 20, each by the arrows it reverses
                        (DAGs without latents or <-> edges)
  --all-sets            list every valid adjustment set, not only the minimal ones (there
                        can be 2^n; listed one at a time, capped by --max-sets)
  --max-sets N|all      list at most N adjustment sets (default 50 in text, 10000 with
                        --json); the rest are counted (up to 100000 more: "N of at least M")
`;

export const SIMULATE_HELP = `Usage: causal-studio simulate <file.causal.ts|file.bif> --rows N [options]

Draws N rows from the model by ancestral sampling and prints them as CSV: a header of variable
names, one column per observed variable in causal order. train and diagnose read the file back,
so a model can be checked against data it generated. A .bif network's values are its state names.

Options:
  --rows N              how many rows (1 to 1000000)
  --seed S              random seed, an integer from 0 to 4294967295 (default 1); the same seed
                        gives the same rows
  --do X=1[,W=0]        set these variables in every row (repeatable): an experiment's data
  --latent              also write the latent variables' columns
  --params FILE         draw with these parameter values (JSON, as train writes it); a file that
                        no longer fits the model is an error
  --out FILE            write the CSV to FILE (atomically: a reader never sees half a file)
  --timeout-ms MS, --memory-mb MB
                        limits for the model process (as for query)
`;

export const QUERY_HELP = `Usage: causal-studio query <file.causal.ts|file.bif> [options]

Loads the model (its default export) and answers one query. On a .bif network a value may be
a state's name (--given smoke=yes) and answers print state names; a number is a state's index.

Interventional / observational:
  --do X=1[,W=0]        intervene (repeatable)
  --given Y=0[,Z=1]     condition on evidence (repeatable)
  --target Z[=z]        the variable asked about: P(Z=z), a table of P(Z=z) over Z's support
                        when Z is discrete, or E[Z] with its standard error when continuous,
                        with Z's sd and 90% interval (5th and 95th percentiles)
  --target "Z>c"        a threshold event: P(Z > c); also >=, <, <= (quote it for the shell)

Counterfactual (one counterfactual world):
  --counterfactual      --given is the factual evidence, --do the counterfactual action:
                        P(Z_{do} = z | given)

Joint counterfactuals over several worlds sharing one exogenous noise:
  --world NAME:X=1      declare a world by its intervention (repeatable), e.g.
                        --world t:smoking=1 --world c:smoking=0
  --event "t.Y=1,c.Y=0" probability that all conditions hold together, e.g. P(Y_{x=1}=1, Y_{x=0}=0)
  --target t.Y          (with --world) the mean of Y in world t
  --given ...           factual evidence shared by all worlds
Shortcuts (treatment X with --treated, default 1, and --control, default 0; outcome Y binary):
  --pns X Y             probability of necessity and sufficiency  P(Y_{x=1}=1, Y_{x=0}=0)
  --harm X Y            probability of harm                       P(Y_{x=1}=0, Y_{x=0}=1)
  --ett X Y             effect of treatment on the treated        E[Y_{x=1} - Y_{x=0} | X = treated]

Parameters:
  --params FILE         answer with these parameter values (JSON: {"name": number or [numbers]})
                        in place of the model's declared .param(...) initial values

Inference:
  --samples N           number of samples for sampling methods (at least 2; a warning above 10^7)
  --seed S              random seed, an integer from 0 to 4294967295 (default 1)
  --method exact|sampling|auto
                        exact: variable elimination for discrete models, closed form (Gaussian
                        conditioning) for means in linear-Gaussian ones; auto (default) uses
                        them where they apply and samples otherwise
Refused before anything runs: a target that --do sets, a variable both set and observed (use
--counterfactual), --treated equal to --control, P(X = x) for a continuous X (ask for its mean or
a threshold event), --pns/--harm on a continuous outcome, an empty flag value (--seed=). A
negative value can follow its flag: --control -1.

Limits (the model runs in a separate process, as in the editor; its console output goes to
stderr with --json; process.exit in a mechanism is an error):
  --timeout-ms MS       stop the model process after MS milliseconds (default 30000); a sampling
                        query stopped part-way prints its estimate so far, marked partial
  --memory-mb MB        the model process's memory limit (default 1024)
Progress: a sampling query draws its progress on stderr when stderr is a terminal, and
prints a progress line every 10 s elsewhere once it has sampled for 10 s.

Numbers: a sampled value is shown to the digits its standard error supports (the se to two
significant digits, the value, sd and interval to the same decimal place, at most six
significant digits; "± < 0.0001" for a smaller se). --json has the full numbers.
  --json                print JSON (schema: src/cli/README-json.md)
`;

export const TRAIN_HELP = `Usage: causal-studio train <file.causal.ts> --data <file> [options]

Learns the model's params from the data (every variable, latent ones too, needs a column), mechanism
by mechanism with the method its family allows (closed form, IRLS, counts, Adam, BFGS), prints them
with standard errors where the method gives them, and writes them to a parameters file that
\`causal-studio query --params FILE\` reads. Training runs in a separate model process with a time
and memory limit, as in the editor. On a terminal a progress bar (mechanism, epoch, loss, steps/s,
ETA) is redrawn on stderr; Ctrl-C once stops and keeps what was learned, twice kills.

Data:
  --data FILE           the data: .csv (header row), .parquet, .jsonl/.ndjson (one object per line)
  --map VAR=COLUMN      the column holding variable VAR (repeatable), when the names differ
  --levels VAR=a,b,c    the level order of a text column (index 0 = a); default: first seen, printed

Training:
  --epochs N            passes over the data for gradient-trained mechanisms (default 50)
  --batch B             minibatch size (default 256)
  --lr X                Adam's learning rate (default 0.01)
  --seed S              seeds initial weights and minibatch order (same data + seed + backend = same params)
  --backend auto|wasm|cpu|node   TensorFlow.js backend (default auto: node if installed, else wasm, else cpu)

Files:
  --out FILE            the parameters file (default: <model>.params.json beside the model)
  --checkpoint-every N  write <out>.checkpoint.json every N steps, atomically (default 100; 0 = never);
                        removed once the parameters file is written
  --resume              continue from the checkpoint if one exists, else from the parameters file

Limits:
  --timeout-ms N        stop the model process after N ms (default 1800000 = 30 min)
  --memory-mb N         the model process's heap limit (default 1024)

Output:
  --json                print one JSON object (schema: src/cli/README-json.md)
`;

export const DIAGNOSE_HELP = `Usage: causal-studio diagnose <file.causal.ts> --data <file> [options]

Checks the model against the data and prints a verdict and a plain sentence per mechanism, then one
line per check and variable (or pair), verdict first: PASS, WARN (only the raw p is below alpha) or
FAIL (the Holm-adjusted p is below alpha), with the statistic, raw and Holm-adjusted p (as a power of
ten when tiny) and the effect size with its interval. Checks: every independence the graph implies
(Fisher z, G-test or residual Wilks); residuals of normal-noise mechanisms (RESET curvature,
curvature per input, Breusch-Pagan; on a seeded sample of at most 200,000 rows); with --env, Chow's
coefficient-equality F, leave-one-environment-out error (fails above 2x the in-distribution RMSE) and
residual invariance (ICP); the reweighting sweep of linear-Gaussian mechanisms; with
--interventions, the model's do-predictions against the interventional rows; for models with latent
variables, posterior predictive checks and the held-out log-likelihood. The model runs in a separate
process with a time and memory limit. Failing checks are the report: the exit code is 0 unless the
model or data cannot be read.

Options:
  --data FILE           the data: .csv (header row), .parquet, .jsonl/.ndjson
  --map VAR=COLUMN      the column holding variable VAR (repeatable), when the names differ
  --params FILE         check with these trained values (causal-studio train writes them); default:
                        the model's params fitted to the data here
  --env COLUMN          the column naming each row's environment (stability and invariance checks)
  --interventions COLUMN
                        the column naming the variable each interventional row set (its value is in
                        that variable's own column); observational rows say "none"
  --spark HOST[:PORT] --table NAME
                        read the data from a table on a Spark SQL Thrift (HiveServer2) server instead of
                        --data (port 10000 by default); every aggregate runs there. --spark-transport
                        binary|http, --spark-user USER (password from CAUSAL_STUDIO_SPARK_PASSWORD),
                        --spark-database DB
  --alpha A             significance level of the verdicts (default 0.01)
  --plots DIR           also write each plot as an SVG file into DIR (created if missing)
  --timeout-ms MS       stop the model process after MS milliseconds (default 30 minutes)
  --memory-mb MB        the model process's memory limit (default 1024)
  --json                print one JSON object (schema: src/cli/README-json.md)
`;

export const RUN_HELP = `Usage: causal-studio run [--timeout-ms MS] [--memory-mb MB] [--plots DIR] <script.ts> [args...]

Bundles the script with esbuild and runs it in a child Node process, with "causal-studio" resolved to
this library; the script sees its own arguments in process.argv.slice(2). If the script exports
a function \`main\`, it is called with those arguments and awaited; a number it returns is the exit code,
and so is \`exitCode\` in an object it returns ({ exitCode?, figures? }: ScriptResult).

Figures (before the script):
  --plots DIR           write the figures main returns as DIR/<id>.svg, and all of them as data in
                        DIR/figures.json; figures that cannot be drawn are one error naming the
                        figure and the field (Figure in the library's types: line, interval,
                        histogram, bar and rule marks)

Limits (before the script; flags after it are the script's):
  --timeout-ms MS       stop the script after MS milliseconds (default 1800000, 30 minutes)
  --memory-mb MB        its memory limit (default 4096); running out is one error line
`;
