use thiserror::Error;

/// Why a set of capture histories could not be built or estimated.
#[derive(Error, Debug, Clone, PartialEq)]
pub enum EstimateError {
    #[error("need at least 2 lists to estimate (got {got})")]
    TooFewLists { got: usize },
    #[error("at most {max} lists are supported (got {got})")]
    TooManyLists { got: usize, max: usize },
    #[error("{method} needs {needed} lists (got {got})")]
    WrongListCount {
        method: &'static str,
        needed: &'static str,
        got: usize,
    },
    #[error("log-linear models are fitted for 3 to 5 lists only (got {got}): with more lists the number of models and of sparse cells explodes; use the latent-class estimate, or restrict() to at most 5 lists")]
    LogLinearTooManyLists { got: usize },
    #[error("list names must be non-empty and distinct ('{0}')")]
    BadListName(String),
    #[error("capture history 0 means 'on no list', which can never be observed")]
    MaskZero,
    #[error("capture history {mask:#b} names a list beyond the {lists} lists")]
    MaskOutOfRange { mask: u32, lists: usize },
    #[error("count overflow for capture history {mask:#b}")]
    CountOverflow { mask: u32 },
    #[error("list index {index} is out of range (there are {lists} lists)")]
    IndexOutOfRange { index: usize, lists: usize },
    #[error("list index {0} is given twice")]
    DuplicateIndex(usize),
    #[error("no one is documented: there is nothing to estimate from")]
    NoData,
    #[error("list '{0}' has no one on it: drop it (restrict) before estimating")]
    EmptyList(String),
    #[error("no one is on more than one list: the overlap needed to estimate is missing")]
    NoOverlap,
    #[error("no log-linear model could be fitted ({0})")]
    NoModelFitted(String),
    #[error("invalid option: {0}")]
    InvalidOption(String),
}
