/*
 * model: the trained half of cs-classify's categories, a multinomial
 * logistic regression over the words of a message.
 *
 * A message is folded and cut into tokens by classify_text (the same
 * tokens the phrase rules see), and each token gives features: the
 * word itself (every number is the one word "0"; "?" and emoji count as
 * words), the first four letters of a longer word (a cheap stem:
 * "deli" for "delivered", "reem" for "reembolso"), and each pair of
 * adjacent words.  Each feature found is worth 1 / sqrt(n), n being the
 * number of features the message gave, so long and short messages weigh
 * alike.  A category's score is its bias plus the sum of its weights
 * over the features found; the softmax of the scores gives
 * probabilities.  Features the model does not know are skipped, so a
 * message costs one hash look-up per feature and no allocation.
 *
 * Models are trained by stochastic gradient descent with AdaGrad steps
 * and L2 regularisation, in a fixed order drawn from a seeded generator,
 * so the same data and parameters give the same model, byte for byte.
 * They are stored in a text format (see cs-classify(1), MODEL FILES):
 * a versioned header, the categories, the biases and one line of
 * weights per feature, weights as integers in thousandths.
 *
 * No function here prints or exits; the xmalloc family aborts on
 * out-of-memory.
 */
#ifndef CS_MODEL_H
#define CS_MODEL_H

#include <stdint.h>

#include "compat.h"
#include "util.h"

struct classify_text;

#define MODEL_VERSION	1
#define MODEL_MAX_CATS	64	/* as CLASSIFY_MAX_CATS */
#define MODEL_MAX_NAME	32	/* a category name's bytes */

struct model;

/*
 * Load a model from text (len bytes; name is used in messages).
 * Returns the model, or NULL with "NAME:LINE: problem" in err.  Free
 * with model_free.
 */
struct model	*model_load(const char *text, size_t len, const char *name,
		    struct cs_error *);
void		 model_free(struct model *);

/*
 * Append the model in the text format to out.  Loading what was written
 * gives the same model; writing is deterministic.
 */
void		 model_write(const struct model *, struct buf *out);

/* The categories, in the model's order ("other", if any, last). */
size_t		 model_ncats(const struct model *);
const char	*model_cat(const struct model *, size_t);
/* The number of features with weights. */
size_t		 model_nfeatures(const struct model *);

/*
 * The probability of each category (model_ncats of them, adding up to
 * 1) for a tokenised text, in prob.  Allocates nothing.
 */
void		 model_predict(const struct model *,
		    const struct classify_text *, double *prob);

/*
 * Training.
 */
struct model_params {
	int		 epochs;	/* passes over the data */
	double		 rate;		/* AdaGrad's base step */
	double		 l2;		/* L2 penalty per step */
	unsigned	 min_count;	/* features in fewer messages: out */
	double		 prune;		/* weights all within this: dropped */
	uint64_t	 seed;		/* the order of the examples */
	int		 balance;	/* each category weighs the same */
	int		 prefix;	/* stem length in letters, 0: none */
	int		 bigrams;	/* word pairs as features */
	int		 norm;		/* features weigh 1 / sqrt(n) */
};

/* The defaults, as documented in cs-classify(1). */
void	model_params_init(struct model_params *);

struct model_trainer;

struct model_trainer *model_trainer_new(const struct model_params *);
void	model_trainer_free(struct model_trainer *);
/*
 * Add one labelled message: its text (len bytes of UTF-8), its category
 * (a name of letters a-z, digits, '-' and '_', up to MODEL_MAX_NAME
 * bytes) and its weight (more than 0; 1 is one message).  Returns 0, or
 * -1 with the reason in err (a bad label or weight; more than
 * MODEL_MAX_CATS categories).
 */
int	model_trainer_add(struct model_trainer *, const char *text,
	    size_t len, const char *label, double weight, struct cs_error *);
/* The number of messages added. */
size_t	model_trainer_count(const struct model_trainer *);
/*
 * Train a model on the messages added.  The categories are the labels
 * seen, in byte order with "other" last.  Returns the model (free with
 * model_free), or NULL with the reason in err (fewer than two
 * categories).
 */
struct model *model_trainer_fit(struct model_trainer *, struct cs_error *);

/* A valid category name (as the rules' names): 1 or 0. */
int	model_valid_name(const char *);

#endif
