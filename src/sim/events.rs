//! What the model announces as it runs: changes of tie stage, public events, exposed agendas
//! and crises. The log and the renderer read them; the model never waits on them.

use serde::{Deserialize, Serialize};

use super::ties::Stage;

/// One thing that happened in a tick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ModelEvent {
    /// A tie formed (`from` is `None`), changed stage, or was forgotten (`to` is `None`).
    StageChanged {
        /// The person with the smaller id.
        a: u32,
        /// The person with the larger id.
        b: u32,
        /// The stage before.
        from: Option<Stage>,
        /// The stage after.
        to: Option<Stage>,
        /// Whether the two belong to different communities.
        cross_community: bool,
    },
    /// A speaker shared a symbol with listeners near its home.
    PublicEvent {
        /// Who spoke.
        speaker: u32,
        /// The symbol shared.
        symbol: u32,
        /// How many listened.
        listeners: u32,
        /// How many took it up.
        learned: u32,
    },
    /// A hidden agenda came to light; the tie's trust is gone.
    AgendaExposed {
        /// Who hid it.
        holder: u32,
        /// Who found out.
        partner: u32,
    },
    /// The states of two communities began to quarrel.
    CrisisStarted {
        /// The two communities.
        between: (u8, u8),
    },
    /// The quarrel ended.
    CrisisEnded {
        /// The two communities.
        between: (u8, u8),
    },
}

impl ModelEvent {
    /// Whether this is a new kinship tie, the moment a class should see.
    pub fn is_new_kinship(&self) -> bool {
        matches!(
            self,
            ModelEvent::StageChanged {
                to: Some(Stage::Kin),
                from,
                ..
            } if *from != Some(Stage::Kin)
        )
    }
}
