//! The reader on small inputs, and a bounded fuzz run that no input makes it panic.
