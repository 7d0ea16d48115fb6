"""The hint texts of the exercise checks, by name: what a learner sees beside a known mistake.

A check's Case lists ``(hint name, wrong answer)`` pairs; when the learner's answer matches a
wrong answer, the message ends with ``Hint: `` and the text below.
"""

#: Hints for known mistakes, by name. Shape hints are composed from the shapes involved.
HINTS = {
    "not_written": (
        "Replace the line `raise NotImplementedError()` with your code, run that cell, then run "
        "this check again."
    ),
    "returned_none": "The function returned None: did you forget the `return` statement?",
    "float": (
        "Return one number (a float), not an array: e.g. float(np.mean(...)) for an average; an "
        "array that holds a single value converts with .item()."
    ),
    "overflow": (
        "The result contains NaN or inf: np.exp overflowed for large inputs. Use a stable form "
        "(subtract the row maximum before np.exp; never divide inf by inf)."
    ),
    "one_over_m": (
        "Your answer is m times too large (m = number of examples): you forgot to divide by m. "
        "The cost is an average over the examples, so its gradient carries the factor 1/m."
    ),
    "sum_not_mean": (
        "Your answer is the sum of the squared errors, not their mean: divide by the number of "
        "elements (np.mean does it)."
    ),
    "no_one_over_m_here": (
        "Your answer is m times too small: dense_backward must not divide by m. The 1/m is "
        "applied once, in the loss gradient, so dA already contains it."
    ),
    "one_over_m_twice": (
        "Your answer is m times too small: the 1/m was applied twice. Apply it once, in the "
        "gradient of the cost (dZ of the output layer); the layers do not divide by m again."
    ),
    "size_not_m": (
        "You divided by Y_hat.size (m * k). Divide by m = Y.shape[0], the number of examples "
        "(rows): the cost averages over examples, not over classes."
    ),
    "factor_two": (
        "Your gradient is half the expected one: the derivative of (y_hat - y)**2 is "
        "2 * (y_hat - y). Keep the factor 2."
    ),
    "sign_gradient": (
        "Your answer has the wrong sign: it is the negative of the expected one. Check the order "
        "of the subtraction (Y_hat - Y, not Y - Y_hat) and the minus sign of the derivative."
    ),
    "sign_update": (
        "The step moved uphill: gradient descent subtracts, W_new = W - learning_rate * dW "
        "(and the same for b). Adding the gradient increases the cost."
    ),
    "no_learning_rate": "The step ignores learning_rate: W_new = W - learning_rate * dW.",
    "negative_cost": (
        "Your cost is negative: the cross-entropy is -mean(Y * log(A) + (1 - Y) * log(1 - A)), "
        "with a minus sign in front (logs of probabilities are negative)."
    ),
    "sigmoid_sign": (
        "You computed 1 / (1 + exp(z)): the exponent needs a minus sign, 1 / (1 + exp(-z)). "
        "Then sigmoid(0) = 0.5 and large z gives values near 1."
    ),
    "math_exp": (
        "math.exp works on single numbers only; use np.exp, which works element-wise on arrays."
    ),
    "no_bias": "The bias is missing: add b after the weighted sum, z = w . x + b.",
    "no_activation": (
        "The activation is missing: the result is z (before the activation). Apply sigmoid to it."
    ),
    "no_output_activation": (
        "The output layer's sigmoid is missing: Y_hat = sigmoid(A1 @ W2.T + b2)."
    ),
    "no_hidden_activation": (
        "The hidden layer's sigmoid is missing: A1 = sigmoid(X @ W1.T + b1) feeds the output layer."
    ),
    "not_transposed": (
        "You computed X @ W: with one example per row and W of shape (n_out, n_in), the product "
        "is X @ W.T."
    ),
    "ignored_activation": (
        "The activation argument was ignored: apply the function named by `activation` "
        "(\"sigmoid\", \"tanh\" or \"relu\")."
    ),
    "cache_holds_A": (
        "The cache must hold Z, the value before the activation (A_prev, W, b, Z): the backward "
        "pass needs g'(Z)."
    ),
    "derivative_at_A": (
        "You evaluated the activation's derivative at A = g(Z) instead of at Z. With A already "
        "computed, sigmoid'(Z) = A * (1 - A): do not apply sigmoid again."
    ),
    "formula_on_Z": (
        "You plugged Z into a formula written for A: sigmoid'(Z) = A * (1 - A) and "
        "tanh'(Z) = 1 - A**2 with A = g(Z), not Z * (1 - Z) or 1 - Z**2."
    ),
    "no_derivative": (
        "The activation's derivative is missing: dZ = dA * g'(Z) before dW, db and dA_prev."
    ),
    "same_activation": (
        "Every layer used the same activation: layer l must use activations[l - 1] "
        "(e.g. relu in the hidden layers, sigmoid at the output)."
    ),
    "no_output_activation_model": (
        "The last layer's activation is missing: apply activations[-1] to the output layer too."
    ),
    "zero_init": (
        "All the weights of a layer are zero: every unit of the layer then computes the same "
        "value and receives the same gradient, so they stay identical forever (the symmetry is "
        "never broken). Draw the weights at random: rng.standard_normal((n_l, n_prev)) * 0.01."
    ),
    "identical_init": (
        "All the weights of a layer are identical: every unit then computes the same value and "
        "gets the same update, so the layer behaves like a single unit. Draw them at random."
    ),
    "init_scale": (
        "Your weights are 100 times too large: multiply the standard-normal draws by 0.01."
    ),
    "init_rng": (
        "The weights look random but are not the expected draws: use the rng passed in, "
        "rng.standard_normal((n_l, n_prev)) * 0.01, for W1, W2, ... in that order (not "
        "np.random.randn), so that results are reproducible."
    ),
    "softmax_axis": (
        "The softmax was taken over the wrong axis: each row (one example) must sum to 1. Use "
        "axis=1 with keepdims=True for the max and the sum."
    ),
    "softmax_whole": (
        "You divided by the sum of the whole array: each row is normalised by its own sum, "
        "np.sum(E, axis=1, keepdims=True)."
    ),
    "in_place": (
        "Build new arrays instead of changing the arguments: compute the answer into a new "
        "array (e.g. A = 1 / (1 + np.exp(-Z))) rather than with Z *= ..., Z[...] = ... or "
        "out=Z; the caller's arrays must stay as they were."
    ),
    "in_place_update": (
        "Build new arrays instead of changing the arguments: W_new = W - learning_rate * dW "
        "(not W -= ...); the caller's parameters must stay as they were."
    ),
    "shapes_matmul": (
        "Check the shapes: examples are rows, X is (m, n_in), W is (n_out, n_in), b is (n_out,), "
        "and a layer computes X @ W.T + b. A sum over each row keeps its column shape (m, 1) "
        "with keepdims=True."
    ),
    "keys": "Use the keys W1, b1, ..., WL, bL (and dW1, db1, ... for gradients).",
    "too_slow": (
        "Look for a loop that never ends (a while loop whose condition never changes, a counter "
        "that is not increased) or a loop over single numbers where one array operation would do."
    ),
    # lesson 9: finite differences and the relative error
    "one_sided": (
        "You used a one-sided difference, (f(x + eps) - f(x)) / eps: its error shrinks only like "
        "eps. Evaluate f on both sides, at x[i] + eps and x[i] - eps (error like eps**2)."
    ),
    "not_restored": (
        "x[i] was not put back after its two evaluations, so every later coordinate was "
        "differentiated at a shifted point. Restore the old value before moving on to i + 1."
    ),
    "eps_not_doubled": (
        "Your gradient is twice too large: x[i] + eps and x[i] - eps are 2 * eps apart, and "
        "the difference of f between them is divided by that distance."
    ),
    "eps_halved": (
        "Your gradient is half the expected one: divide the difference of f by the distance "
        "between the two points (2 * eps for x[i] + eps and x[i] - eps)."
    ),
    "integer_x": (
        "x holds integers, and x[i] + eps stored back into it is rounded to an integer. Work "
        "on a float copy of x (np.array(x, dtype=float))."
    ),
    "changed_x": (
        "numerical_gradient changed the caller's x: perturb a copy of x (np.array(x, "
        "dtype=float)), and restore each entry after its two evaluations."
    ),
    "no_denominator": (
        "You returned ||a - b|| without dividing by ||a|| + ||b||: an absolute difference "
        "depends on the size of the gradients, the relative error does not."
    ),
    "one_norm": (
        "Divide by the sum of both norms, ||a|| + ||b||: with one of them only, the error "
        "depends on the order of a and b and divides by 0 when that one is zero."
    ),
    "squared_norms": (
        "Use the norms themselves, square roots of sums of squares (np.linalg.norm), not "
        "their squares."
    ),
    "elementwise_ratio": (
        "Take one norm over the whole array, ||a - b|| / (||a|| + ||b||), not an average of "
        "entry-by-entry ratios."
    ),
    "both_zero": (
        "When a and b are both zero the formula is 0 / 0: return 0.0 (the two gradients "
        "agree)."
    ),
    # lesson 10: initialisation
    "he_fan_out_shape": (
        "He initialisation divides by n_in = shape[1], the number of inputs of each unit (W "
        "has shape (n_out, n_in)), not by n_out = shape[0]: std = sqrt(2 / n_in)."
    ),
    "variance_not_std": (
        "You multiplied the draws by the variance 2 / n_in: they need the standard deviation, "
        "its square root."
    ),
    "lecun_not_he": (
        "Var(W) = 1 / n_in keeps the variance of a linear (or tanh) layer; a ReLU zeroes half "
        "of its inputs, so He initialisation doubles it: std = sqrt(2 / n_in)."
    ),
    "glorot_not_he": (
        "That is Xavier (Glorot) initialisation, std = sqrt(2 / (n_in + n_out)). He "
        "initialisation uses the inputs only: std = sqrt(2 / n_in)."
    ),
    "fixed_scale": (
        "You scaled the draws by a fixed 0.01: a scaled initialisation adapts to the layer's "
        "width, std = sqrt(2 / n_in) for He."
    ),
    "global_random": (
        "The weights have about the right spread but are not the expected draws: draw them "
        "from the rng passed in (not np.random), so that a seed gives the same network again."
    ),
    "bias_not_zero": (
        "The biases are not zero: random weights already break the symmetry between units, "
        "and every b starts at zero."
    ),
    "rng_recreated": (
        "Every layer got the same draws: the generator was made again from the seed for each "
        "layer. Make it once, before the loop (nnlib.initializers.as_rng), and let the layers "
        "draw from it in turn."
    ),
    "init_name_ignored": (
        "The init argument was ignored: use the initialiser it names (\"zeros\", \"normal\", "
        "\"xavier\", \"he\"), or call it when it is a function "
        "(nnlib.initializers.get_initializer handles both)."
    ),
    "wrong_dtype": (
        "Return arrays of the dtype asked for (float32 or float64), e.g. with .astype(dtype): "
        "a float32 network must stay float32."
    ),
    "loss_ignored": (
        "Your output gradient is the shortcut (Y_hat - Y) / m, which holds only for a sigmoid "
        "output with binary cross-entropy (and softmax with cross-entropy). For another pair, "
        "start from the loss gradient dA = LOSSES[loss][1](Y, Y_hat) and apply the output "
        "activation's derivative, as for any layer."
    ),
    "softmax_elementwise": (
        "You multiplied by the softmax's diagonal derivative Y_hat * (1 - Y_hat) only. Each "
        "softmax output depends on every score of its row (the Jacobian is not diagonal); with "
        "the cross-entropy the whole chain rule collapses to (Y_hat - Y) / m."
    ),
    "seed_output_error": (
        "This is the output error of the flawed tutorial code: the squared error's gradient, "
        "multiplied entry by entry by the softmax values and divided by the number of classes. "
        "For a softmax output with the cross-entropy, dZ = (Y_hat - Y) / m."
    ),
    "m_not_size": (
        "You divided by m, the number of rows. The mean squared error averages over every entry "
        "of Y_hat, m * n_L of them (Y_hat.size), so its gradient is 2 * (Y_hat - Y) / "
        "Y_hat.size. With one output the two agree; with several they do not."
    ),
    "sum_has_no_m": (
        "Your gradient is divided by the number of examples: that is the gradient of the mean "
        "(mse). The sum of squared errors adds the examples up, so its gradient has no 1/m."
    ),
    # lesson 11: L2 regularisation and inverted dropout
    "l2_on_biases": (
        "The biases were penalised too: the L2 term uses the weights W1, W2, ... only (the "
        "sum of their squares in the cost, lambda / m * W in each dW). A bias only shifts a "
        "unit's output, it does not make the function any wigglier, so db gets no L2 term."
    ),
    "l2_factor_2m": (
        "Your L2 term is twice too large: the cost adds lambda / (2 m) times the sum of the "
        "squared weights; lambda / m is the factor of its derivative, in the gradient."
    ),
    "l2_half_gradient": (
        "Your L2 term in dW is half the expected one: the derivative of lambda / (2 m) * W**2 "
        "is lambda / m * W (the 2 of the square cancels the 1/2). lambda / (2 m) belongs to "
        "the cost, lambda / m to the gradient."
    ),
    "l2_no_m": (
        "Your L2 term is m times too large: divide lambda by m, the number of examples in the "
        "batch (the argument m of l2_penalty; Y_hat.shape[0] in backward), as the data term of "
        "the cost is an average over them."
    ),
    "l2_norm": (
        "You added up the norms of the weight matrices (square roots); the L2 term adds up the "
        "squares of the weights themselves: np.sum(W ** 2) for every W."
    ),
    "l2_sign": (
        "Your L2 term has the wrong sign: it is added (to the cost and to dW), so that a step "
        "downhill also pulls every weight towards 0."
    ),
    "l2_missing": (
        "The L2 term is missing: add lambda / m * W to every dW (lambda is the keyword argument "
        "l2; with l2 = 0 nothing changes)."
    ),
    "dropout_at_test": (
        "With keep_prob = 1, the setting used when predicting, no unit may be dropped or "
        "rescaled: return A unchanged. Dropout is for training only; a prediction uses every "
        "unit, and inverted dropout needs no correction then."
    ),
    "dropout_no_scale": (
        "The kept units were not divided by keep_prob: the mask must hold 1 / keep_prob for a "
        "kept unit (and 0 for a dropped one). Otherwise every unit is keep_prob times smaller "
        "on average in training than when predicting, and the next layer is misled."
    ),
    "dropout_times_keep": (
        "You multiplied the kept units by keep_prob; divide them by it (mask values 0 or "
        "1 / keep_prob), so that each unit keeps its expected value A."
    ),
    "dropout_inverted_mask": (
        "You kept the units whose draw is at least keep_prob, so each survives with probability "
        "1 - keep_prob. Keep a unit where its draw is below keep_prob: rng.random(A.shape) < "
        "keep_prob."
    ),
    "dropout_one_mask": (
        "Every example lost the same units: draw one number per entry of A, "
        "rng.random(A.shape) with A of shape (m, n), not one per unit."
    ),
    "dropout_rng": (
        "The mask has the right values but not the expected draws: use the rng passed in, one "
        "uniform draw per entry of A in a single call, rng.random(A.shape) < keep_prob (not "
        "np.random, not rng.binomial), so that a seed gives the same mask again."
    ),
    "mask_not_applied": (
        "The mask was not applied: the gradient goes back through the same product as the "
        "forward pass, dA * mask (0 for a dropped unit, 1 / keep_prob for a kept one)."
    ),
    "dropout_backward_no_scale": (
        "The 1 / keep_prob is missing: the forward pass multiplied A by the mask (0 or "
        "1 / keep_prob), so the gradient is multiplied by the same values, dA * mask."
    ),
    "dropout_backward_twice": (
        "The gradient was divided by keep_prob twice: the mask already holds 1 / keep_prob. "
        "Multiply by the mask only, dA * mask."
    ),
    "mask_not_reused": (
        "The gradient went through a new random mask: reuse the mask of the forward pass. A "
        "unit dropped there had no effect on the cost, so its gradient must be 0; a fresh "
        "mask zeroes other units."
    ),
    # lesson 12: momentum and Adam
    "step_in_place": (
        "step must change the parameters it is given, as nnlib's optimizers do: update each "
        "array in place (p -= ...) or store the new array in the dict (params[name] = ...), "
        "then return params. The training loop keeps using the same params dict."
    ),
    "beta_swapped": (
        "beta and 1 - beta are swapped: the running average keeps beta of the old value and "
        "adds 1 - beta of the new one, v = beta * v + (1 - beta) * g (and s = beta2 * s + "
        "(1 - beta2) * g**2 in Adam). With beta = 0.9 the average changes slowly."
    ),
    "momentum_no_one_minus_beta": (
        "You used v = beta * v + g, the convention of PyTorch and Keras. This course averages, "
        "v = beta * v + (1 - beta) * g; with the same learning rate the other form takes steps "
        "1 / (1 - beta) times larger (10 times for beta = 0.9)."
    ),
    "step_before_update": (
        "The step used the running averages from before this step's gradient: first update v "
        "(and s) with the new g, then move the parameters with them."
    ),
    "no_bias_correction": (
        "The bias correction is missing: v and s start at 0, so their first values are far too "
        "small. Divide them by (1 - beta1**t) and (1 - beta2**t), with t = 1 at the first step."
    ),
    "t_from_zero": (
        "The step count t must be 1 at the first step: increase t at the start of step, before "
        "the bias correction (with t = 0 the correction divides by 1 - beta**0 = 0; counting "
        "from 2 corrects too little)."
    ),
    "eps_inside_sqrt": (
        "epsilon goes outside the square root: p -= learning_rate * v_hat / (sqrt(s_hat) + "
        "epsilon)."
    ),
    # lessons 5 and 6: binary cross-entropy, linear_backward, softmax, tanh and ReLU backward
    "bce_order": (
        "The cost is NaN or inf: a log of 0. Did you swap the arguments? The truth comes first, "
        "binary_cross_entropy(Y, Y_hat), and the logs are taken of the probabilities Y_hat "
        "(strictly between 0 and 1), never of the labels Y."
    ),
    "derivative_in_linear": (
        "You multiplied dZ by the activation's derivative: linear_backward starts from dZ, which "
        "already holds g'(Z) (and the 1/m). It only goes back through Z = A_prev @ W.T + b: "
        "dW = dZ.T @ A_prev, db = dZ summed over the examples, dA_prev = dZ @ W."
    ),
    "softmax_global_max": (
        "You subtracted the maximum of the whole array. That changes nothing mathematically, but "
        "a row whose scores all lie far below it becomes exp(...) = 0 everywhere, and 0 / 0 is "
        "NaN. Subtract each row's own maximum: Z.max(axis=1, keepdims=True)."
    ),
    "tanh_twice": (
        "You applied tanh twice: the derivative was taken at A = tanh(Z) instead of at Z. "
        "tanh_backward receives Z: compute A = tanh(Z) once, then dZ = dA * (1 - A**2)."
    ),
    "tanh_square": (
        "The square is missing: tanh'(Z) = 1 - tanh(Z)**2, not 1 - tanh(Z)."
    ),
    "no_upstream": (
        "You returned the derivative g'(Z) alone: multiply it by dA, the gradient that arrives "
        "from above. The chain rule gives dZ = dA * g'(Z), entry by entry."
    ),
    "relu_value": (
        "You multiplied dA by ReLU(Z) itself. ReLU's derivative is a step, 1 where Z > 0 and 0 "
        "elsewhere: dZ = dA * (Z > 0)."
    ),
    "relu_at_zero": (
        "At Z = 0 your derivative is 1. ReLU has a kink there and no derivative; nnlib, like most "
        "libraries, uses 0, so keep dA only where Z > 0 (not Z >= 0)."
    ),
}
