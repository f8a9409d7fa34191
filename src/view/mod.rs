//! What the app shows, worked out without Bevy: colours, legends, the network layout and a
//! person's story.
//! Plain Rust, so that it is tested in seconds and the app only draws what it is given.

pub mod axis;
pub mod geometry;
pub mod layout;
pub mod palette;
pub mod story;
pub mod theme;
