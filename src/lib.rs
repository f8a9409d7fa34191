//! nano-diplomacy: an agent-based model of nano power diplomacy, and Axelrod's culture model.
pub mod scenario;
pub mod sim;
