//! Disjoint sets with member lists, so a cluster's members can be listed
//! when a merge is checked against cannot-links.

pub(crate) struct UnionFind {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl UnionFind {
    pub(crate) fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            members: (0..n).map(|i| vec![i]).collect(),
        }
    }

    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        let mut root = x;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        while self.parent[x] != root {
            let next = self.parent[x];
            self.parent[x] = root;
            x = next;
        }
        root
    }

    pub(crate) fn size(&mut self, x: usize) -> usize {
        let r = self.find(x);
        self.members[r].len()
    }

    pub(crate) fn members(&mut self, x: usize) -> Vec<usize> {
        let r = self.find(x);
        self.members[r].clone()
    }

    /// Join two sets; the smaller one's members move to the larger root,
    /// and the lower index wins ties so results do not depend on order.
    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (keep, gone) = if self.members[ra].len() > self.members[rb].len()
            || (self.members[ra].len() == self.members[rb].len() && ra < rb)
        {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[gone] = keep;
        let moved = std::mem::take(&mut self.members[gone]);
        self.members[keep].extend(moved);
    }
}
